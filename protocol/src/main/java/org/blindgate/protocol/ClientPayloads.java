package org.blindgate.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reading and writing the payload of each {@link ClientFrame}, side by side so that a field
 * added to one direction is not forgotten in the other. The envelope is {@link FrameCodec}'s.
 */
final class ClientPayloads {

    static final Set<String> TYPES = Set.of(
            ClientFrame.Message.TYPE, ClientFrame.Delivered.TYPE, ClientFrame.Read.TYPE,
            ClientFrame.Sync.TYPE, ClientFrame.Typing.TYPE, ClientFrame.PresenceSubscribe.TYPE,
            ClientFrame.CallInvite.TYPE, ClientFrame.CallAccept.TYPE, ClientFrame.CallReject.TYPE,
            ClientFrame.CallCancel.TYPE, ClientFrame.CallEnd.TYPE, ClientFrame.AuthRefresh.TYPE,
            ClientFrame.Ping.TYPE);

    static final String MESSAGE_TYPES = Wire.list(MessageType.values(), MessageType::wire);
    static final String TYPING_STATES = Wire.list(TypingState.values(), TypingState::wire);
    static final String CALL_MEDIA = Wire.list(CallMedia.values(), CallMedia::wire);

    private ClientPayloads() {
    }

    /** Reads the payload of a frame of {@code type}, which must be one of {@link #TYPES}. */
    static ClientFrame read(String type, PayloadReader r) throws IOException {
        switch (type) {
            case ClientFrame.Message.TYPE:
                return message(r);
            case ClientFrame.Delivered.TYPE:
                return new ClientFrame.Delivered(ids(r, "messageIds", Limits.MAX_MESSAGE_IDS));
            case ClientFrame.Read.TYPE:
                return new ClientFrame.Read(ids(r, "messageIds", Limits.MAX_MESSAGE_IDS));
            case ClientFrame.Sync.TYPE:
                return sync(r);
            case ClientFrame.Typing.TYPE:
                return typing(r);
            case ClientFrame.PresenceSubscribe.TYPE:
                return new ClientFrame.PresenceSubscribe(
                        ids(r, "userIds", Limits.MAX_PRESENCE_USER_IDS));
            case ClientFrame.CallInvite.TYPE:
                return callInvite(r);
            case ClientFrame.CallAccept.TYPE:
                return new ClientFrame.CallAccept(callId(r));
            case ClientFrame.CallReject.TYPE:
                return new ClientFrame.CallReject(callId(r));
            case ClientFrame.CallCancel.TYPE:
                return new ClientFrame.CallCancel(callId(r));
            case ClientFrame.CallEnd.TYPE:
                return new ClientFrame.CallEnd(callId(r));
            case ClientFrame.AuthRefresh.TYPE:
                return authRefresh(r);
            case ClientFrame.Ping.TYPE:
                empty(r);
                return new ClientFrame.Ping();
            default:
                throw new IllegalStateException("TYPES and read() disagree on a frame type");
        }
    }

    private static ClientFrame.Message message(PayloadReader r) throws IOException {
        UUID messageId = null;
        UUID recipientId = null;
        UUID conversationId = null;
        Instant timestamp = null;
        String sessionId = null;
        MessageType messageType = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "messageId":
                    messageId = r.uuid(f);
                    break;
                case "recipientId":
                    recipientId = r.uuid(f);
                    break;
                case "conversationId":
                    conversationId = r.uuid(f);
                    break;
                case "timestamp":
                    timestamp = r.timestamp(f);
                    break;
                case "sessionId":
                    sessionId = r.sessionId(f);
                    break;
                case "messageType":
                    messageType = r.choice(f, MessageType::fromWire, MESSAGE_TYPES);
                    break;
                default:
                    r.unknown(f);
            }
        }
        r.required(messageId, "messageId");
        if (recipientId != null && conversationId != null) {
            throw r.invalidPayload("must name recipientId (1:1) or conversationId (group),"
                    + " not both");
        }
        if (recipientId == null && conversationId == null) {
            throw r.invalidPayload("must name recipientId (1:1) or conversationId (group)");
        }
        return new ClientFrame.Message(messageId, recipientId, conversationId,
                r.required(timestamp, "timestamp"), r.required(sessionId, "sessionId"),
                r.required(messageType, "messageType"));
    }

    private static ClientFrame.Sync sync(PayloadReader r) throws IOException {
        Long afterSeq = null;
        Long limit = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "afterSeq":
                    afterSeq = r.integer(f, 0, Long.MAX_VALUE);
                    break;
                case "limit":
                    limit = r.integer(f, 1, Limits.MAX_SYNC_LIMIT);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ClientFrame.Sync(r.required(afterSeq, "afterSeq"),
                limit == null ? Limits.DEFAULT_SYNC_LIMIT : limit.intValue());
    }

    private static ClientFrame.Typing typing(PayloadReader r) throws IOException {
        UUID conversationId = null;
        TypingState state = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "conversationId":
                    conversationId = r.uuid(f);
                    break;
                case "state":
                    state = r.choice(f, TypingState::fromWire, TYPING_STATES);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ClientFrame.Typing(r.required(conversationId, "conversationId"),
                r.required(state, "state"));
    }

    private static ClientFrame.CallInvite callInvite(PayloadReader r) throws IOException {
        UUID callId = null;
        UUID calleeId = null;
        CallMedia media = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "callId":
                    callId = r.uuid(f);
                    break;
                case "calleeId":
                    calleeId = r.uuid(f);
                    break;
                case "media":
                    media = r.choice(f, CallMedia::fromWire, CALL_MEDIA);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ClientFrame.CallInvite(r.required(callId, "callId"),
                r.required(calleeId, "calleeId"), r.required(media, "media"));
    }

    private static ClientFrame.AuthRefresh authRefresh(PayloadReader r) throws IOException {
        String token = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            if (f.equals("token")) {
                token = r.string(f);
                if (!Rules.isToken(token)) {
                    throw r.invalid(f, "must be " + Rules.TOKEN_RULE);
                }
            } else {
                r.unknown(f);
            }
        }
        return new ClientFrame.AuthRefresh(r.required(token, "token"));
    }

    private static UUID callId(PayloadReader r) throws IOException {
        UUID callId = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            if (f.equals("callId")) {
                callId = r.uuid(f);
            } else {
                r.unknown(f);
            }
        }
        return r.required(callId, "callId");
    }

    private static List<UUID> ids(PayloadReader r, String name, int max) throws IOException {
        List<UUID> ids = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            if (f.equals(name)) {
                ids = r.uuids(f, max);
            } else {
                r.unknown(f);
            }
        }
        return r.required(ids, name);
    }

    private static void empty(PayloadReader r) throws IOException {
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            r.unknown(f);
        }
    }

    /** Writes the fields of {@code frame}'s payload, in the order of its record components. */
    static void write(JsonGenerator g, ClientFrame frame) throws IOException {
        if (frame instanceof ClientFrame.Message) {
            ClientFrame.Message m = (ClientFrame.Message) frame;
            Wire.uuid(g, "messageId", m.messageId());
            if (m.recipientId() != null) {
                Wire.uuid(g, "recipientId", m.recipientId());
            }
            if (m.conversationId() != null) {
                Wire.uuid(g, "conversationId", m.conversationId());
            }
            Wire.timestamp(g, "timestamp", m.timestamp());
            g.writeStringField("sessionId", m.sessionId());
            g.writeStringField("messageType", m.messageType().wire());
        } else if (frame instanceof ClientFrame.Delivered) {
            Wire.uuids(g, "messageIds", ((ClientFrame.Delivered) frame).messageIds());
        } else if (frame instanceof ClientFrame.Read) {
            Wire.uuids(g, "messageIds", ((ClientFrame.Read) frame).messageIds());
        } else if (frame instanceof ClientFrame.Sync) {
            ClientFrame.Sync s = (ClientFrame.Sync) frame;
            g.writeNumberField("afterSeq", s.afterSeq());
            g.writeNumberField("limit", s.limit());
        } else if (frame instanceof ClientFrame.Typing) {
            ClientFrame.Typing t = (ClientFrame.Typing) frame;
            Wire.uuid(g, "conversationId", t.conversationId());
            g.writeStringField("state", t.state().wire());
        } else if (frame instanceof ClientFrame.PresenceSubscribe) {
            Wire.uuids(g, "userIds", ((ClientFrame.PresenceSubscribe) frame).userIds());
        } else if (frame instanceof ClientFrame.CallInvite) {
            ClientFrame.CallInvite c = (ClientFrame.CallInvite) frame;
            Wire.uuid(g, "callId", c.callId());
            Wire.uuid(g, "calleeId", c.calleeId());
            g.writeStringField("media", c.media().wire());
        } else if (frame instanceof ClientFrame.CallAccept) {
            Wire.uuid(g, "callId", ((ClientFrame.CallAccept) frame).callId());
        } else if (frame instanceof ClientFrame.CallReject) {
            Wire.uuid(g, "callId", ((ClientFrame.CallReject) frame).callId());
        } else if (frame instanceof ClientFrame.CallCancel) {
            Wire.uuid(g, "callId", ((ClientFrame.CallCancel) frame).callId());
        } else if (frame instanceof ClientFrame.CallEnd) {
            Wire.uuid(g, "callId", ((ClientFrame.CallEnd) frame).callId());
        } else if (frame instanceof ClientFrame.AuthRefresh) {
            g.writeStringField("token", ((ClientFrame.AuthRefresh) frame).token());
        } else if (!(frame instanceof ClientFrame.Ping)) {
            throw new IllegalStateException("no writer for frame type " + frame.type());
        }
    }
}
