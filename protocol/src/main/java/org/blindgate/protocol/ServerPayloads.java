package org.blindgate.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reading and writing the payload of each {@link ServerFrame}, side by side so that a field
 * added to one direction is not forgotten in the other. Reading is done by clients with a
 * lenient {@link PayloadReader}: unknown fields are skipped, known ones are checked.
 */
final class ServerPayloads {

    static final Set<String> TYPES = Set.of(
            ServerFrame.Ack.TYPE, ServerFrame.Message.TYPE, ServerFrame.SyncDone.TYPE,
            ServerFrame.Receipt.TYPE, ServerFrame.Presence.TYPE, ServerFrame.Typing.TYPE,
            ServerFrame.CallInvite.TYPE, ServerFrame.CallState.TYPE, ServerFrame.Error.TYPE,
            ServerFrame.Pong.TYPE);

    private static final String ACK_STATUSES = Wire.list(AckStatus.values(), AckStatus::wire);
    private static final String RECEIPT_STATUSES =
            Wire.list(ReceiptStatus.values(), ReceiptStatus::wire);
    private static final String PRESENCE_STATUSES =
            Wire.list(PresenceStatus.values(), PresenceStatus::wire);
    private static final String CALL_STATES =
            Wire.list(CallStateValue.values(), CallStateValue::wire);
    private static final String ERROR_CODES = Wire.list(ErrorCode.values(), ErrorCode::wire);

    private ServerPayloads() {
    }

    /** Reads the payload of a frame of {@code type}, which must be one of {@link #TYPES}. */
    static ServerFrame read(String type, PayloadReader r) throws IOException {
        switch (type) {
            case ServerFrame.Ack.TYPE:
                return ack(r);
            case ServerFrame.Message.TYPE:
                return message(r);
            case ServerFrame.SyncDone.TYPE:
                return syncDone(r);
            case ServerFrame.Receipt.TYPE:
                return receipt(r);
            case ServerFrame.Presence.TYPE:
                return presence(r);
            case ServerFrame.Typing.TYPE:
                return typing(r);
            case ServerFrame.CallInvite.TYPE:
                return callInvite(r);
            case ServerFrame.CallState.TYPE:
                return callState(r);
            case ServerFrame.Error.TYPE:
                return error(r);
            case ServerFrame.Pong.TYPE:
                for (String f = r.nextField(); f != null; f = r.nextField()) {
                    r.unknown(f);
                }
                return new ServerFrame.Pong();
            default:
                throw new IllegalStateException("TYPES and read() disagree on a frame type");
        }
    }

    private static ServerFrame.Ack ack(PayloadReader r) throws IOException {
        UUID messageId = null;
        UUID conversationId = null;
        AckStatus status = null;
        Instant serverTimestamp = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "messageId":
                    messageId = r.uuid(f);
                    break;
                case "conversationId":
                    conversationId = r.uuid(f);
                    break;
                case "status":
                    status = r.choice(f, AckStatus::fromWire, ACK_STATUSES);
                    break;
                case "serverTimestamp":
                    serverTimestamp = r.timestamp(f);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.Ack(r.required(messageId, "messageId"),
                r.required(conversationId, "conversationId"), r.required(status, "status"),
                r.required(serverTimestamp, "serverTimestamp"));
    }

    private static ServerFrame.Message message(PayloadReader r) throws IOException {
        UUID messageId = null;
        UUID conversationId = null;
        UUID senderId = null;
        UUID senderDeviceId = null;
        UUID recipientId = null;
        Instant timestamp = null;
        Instant serverTimestamp = null;
        String sessionId = null;
        MessageType messageType = null;
        Long seq = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "messageId":
                    messageId = r.uuid(f);
                    break;
                case "conversationId":
                    conversationId = r.uuid(f);
                    break;
                case "senderId":
                    senderId = r.uuid(f);
                    break;
                case "senderDeviceId":
                    senderDeviceId = r.uuid(f);
                    break;
                case "recipientId":
                    recipientId = r.uuid(f);
                    break;
                case "timestamp":
                    timestamp = r.timestamp(f);
                    break;
                case "serverTimestamp":
                    serverTimestamp = r.timestamp(f);
                    break;
                case "sessionId":
                    sessionId = r.sessionId(f);
                    break;
                case "messageType":
                    messageType = r.choice(f, MessageType::fromWire, ClientPayloads.MESSAGE_TYPES);
                    break;
                case "seq":
                    seq = r.integer(f, 1, Long.MAX_VALUE);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.Message(r.required(messageId, "messageId"),
                r.required(conversationId, "conversationId"), r.required(senderId, "senderId"),
                r.required(senderDeviceId, "senderDeviceId"),
                r.required(recipientId, "recipientId"), r.required(timestamp, "timestamp"),
                r.required(serverTimestamp, "serverTimestamp"),
                r.required(sessionId, "sessionId"), r.required(messageType, "messageType"),
                r.required(seq, "seq"));
    }

    private static ServerFrame.SyncDone syncDone(PayloadReader r) throws IOException {
        Long lastSeq = null;
        Boolean hasMore = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "lastSeq":
                    lastSeq = r.integer(f, 0, Long.MAX_VALUE);
                    break;
                case "hasMore":
                    hasMore = r.bool(f);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.SyncDone(r.required(lastSeq, "lastSeq"),
                r.required(hasMore, "hasMore"));
    }

    private static ServerFrame.Receipt receipt(PayloadReader r) throws IOException {
        List<UUID> messageIds = null;
        ReceiptStatus status = null;
        UUID by = null;
        Instant at = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "messageIds":
                    messageIds = r.uuids(f, Integer.MAX_VALUE);
                    break;
                case "status":
                    status = r.choice(f, ReceiptStatus::fromWire, RECEIPT_STATUSES);
                    break;
                case "by":
                    by = r.uuid(f);
                    break;
                case "at":
                    at = r.timestamp(f);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.Receipt(r.required(messageIds, "messageIds"),
                r.required(status, "status"), r.required(by, "by"), r.required(at, "at"));
    }

    private static ServerFrame.Presence presence(PayloadReader r) throws IOException {
        UUID userId = null;
        PresenceStatus status = null;
        Instant lastSeen = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "userId":
                    userId = r.uuid(f);
                    break;
                case "status":
                    status = r.choice(f, PresenceStatus::fromWire, PRESENCE_STATUSES);
                    break;
                case "lastSeen":
                    lastSeen = r.timestamp(f);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.Presence(r.required(userId, "userId"),
                r.required(status, "status"), lastSeen);
    }

    private static ServerFrame.Typing typing(PayloadReader r) throws IOException {
        UUID conversationId = null;
        UUID userId = null;
        TypingState state = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "conversationId":
                    conversationId = r.uuid(f);
                    break;
                case "userId":
                    userId = r.uuid(f);
                    break;
                case "state":
                    state = r.choice(f, TypingState::fromWire, ClientPayloads.TYPING_STATES);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.Typing(r.required(conversationId, "conversationId"),
                r.required(userId, "userId"), r.required(state, "state"));
    }

    private static ServerFrame.CallInvite callInvite(PayloadReader r) throws IOException {
        UUID callId = null;
        UUID callerId = null;
        CallMedia media = null;
        UUID conversationId = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "callId":
                    callId = r.uuid(f);
                    break;
                case "callerId":
                    callerId = r.uuid(f);
                    break;
                case "media":
                    media = r.choice(f, CallMedia::fromWire, ClientPayloads.CALL_MEDIA);
                    break;
                case "conversationId":
                    conversationId = r.uuid(f);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.CallInvite(r.required(callId, "callId"),
                r.required(callerId, "callerId"), r.required(media, "media"),
                r.required(conversationId, "conversationId"));
    }

    private static ServerFrame.CallState callState(PayloadReader r) throws IOException {
        UUID callId = null;
        CallStateValue state = null;
        Instant at = null;
        String reason = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "callId":
                    callId = r.uuid(f);
                    break;
                case "state":
                    state = r.choice(f, CallStateValue::fromWire, CALL_STATES);
                    break;
                case "at":
                    at = r.timestamp(f);
                    break;
                case "reason":
                    reason = r.string(f);
                    if (!Rules.isReason(reason)) {
                        throw r.invalid(f, "must be " + Rules.REASON_RULE);
                    }
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.CallState(r.required(callId, "callId"),
                r.required(state, "state"), r.required(at, "at"), reason);
    }

    private static ServerFrame.Error error(PayloadReader r) throws IOException {
        ErrorCode code = null;
        String field = null;
        String message = null;
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            switch (f) {
                case "code":
                    code = r.choice(f, ErrorCode::fromWire, ERROR_CODES);
                    break;
                case "field":
                    field = r.text(f);
                    break;
                case "message":
                    message = r.text(f);
                    break;
                default:
                    r.unknown(f);
            }
        }
        return new ServerFrame.Error(r.required(code, "code"), field,
                r.required(message, "message"));
    }

    /** Writes the fields of {@code frame}'s payload, in the order of its record components. */
    static void write(JsonGenerator g, ServerFrame frame) throws IOException {
        // Most frequent first: this chain runs for every frame a server sends.
        if (frame instanceof ServerFrame.Message) {
            ServerFrame.Message m = (ServerFrame.Message) frame;
            Wire.uuid(g, "messageId", m.messageId());
            Wire.uuid(g, "conversationId", m.conversationId());
            Wire.uuid(g, "senderId", m.senderId());
            Wire.uuid(g, "senderDeviceId", m.senderDeviceId());
            Wire.uuid(g, "recipientId", m.recipientId());
            Wire.timestamp(g, "timestamp", m.timestamp());
            Wire.timestamp(g, "serverTimestamp", m.serverTimestamp());
            g.writeStringField("sessionId", m.sessionId());
            g.writeStringField("messageType", m.messageType().wire());
            g.writeNumberField("seq", m.seq());
        } else if (frame instanceof ServerFrame.Ack) {
            ServerFrame.Ack a = (ServerFrame.Ack) frame;
            Wire.uuid(g, "messageId", a.messageId());
            Wire.uuid(g, "conversationId", a.conversationId());
            g.writeStringField("status", a.status().wire());
            Wire.timestamp(g, "serverTimestamp", a.serverTimestamp());
        } else if (frame instanceof ServerFrame.Receipt) {
            ServerFrame.Receipt rc = (ServerFrame.Receipt) frame;
            Wire.uuids(g, "messageIds", rc.messageIds());
            g.writeStringField("status", rc.status().wire());
            Wire.uuid(g, "by", rc.by());
            Wire.timestamp(g, "at", rc.at());
        } else if (frame instanceof ServerFrame.Typing) {
            ServerFrame.Typing t = (ServerFrame.Typing) frame;
            Wire.uuid(g, "conversationId", t.conversationId());
            Wire.uuid(g, "userId", t.userId());
            g.writeStringField("state", t.state().wire());
        } else if (frame instanceof ServerFrame.Presence) {
            ServerFrame.Presence p = (ServerFrame.Presence) frame;
            Wire.uuid(g, "userId", p.userId());
            g.writeStringField("status", p.status().wire());
            if (p.lastSeen() != null) {
                Wire.timestamp(g, "lastSeen", p.lastSeen());
            }
        } else if (frame instanceof ServerFrame.SyncDone) {
            ServerFrame.SyncDone s = (ServerFrame.SyncDone) frame;
            g.writeNumberField("lastSeq", s.lastSeq());
            g.writeBooleanField("hasMore", s.hasMore());
        } else if (frame instanceof ServerFrame.CallInvite) {
            ServerFrame.CallInvite c = (ServerFrame.CallInvite) frame;
            Wire.uuid(g, "callId", c.callId());
            Wire.uuid(g, "callerId", c.callerId());
            g.writeStringField("media", c.media().wire());
            Wire.uuid(g, "conversationId", c.conversationId());
        } else if (frame instanceof ServerFrame.CallState) {
            ServerFrame.CallState c = (ServerFrame.CallState) frame;
            Wire.uuid(g, "callId", c.callId());
            g.writeStringField("state", c.state().wire());
            Wire.timestamp(g, "at", c.at());
            if (c.reason() != null) {
                g.writeStringField("reason", c.reason());
            }
        } else if (frame instanceof ServerFrame.Error) {
            ServerFrame.Error e = (ServerFrame.Error) frame;
            g.writeStringField("code", e.code().wire());
            if (e.field() != null) {
                g.writeStringField("field", e.field());
            }
            g.writeStringField("message", e.message());
        } else if (!(frame instanceof ServerFrame.Pong)) {
            throw new IllegalStateException("no writer for frame type " + frame.type());
        }
    }
}
