package org.blindgate.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The frames a client may send (shared/PROTOCOL.md §2.1). None names its sender: the server
 * takes the sender from the connection's token, so a client cannot speak for anyone else.
 *
 * <p>Each record refuses, with {@link IllegalArgumentException}, what the codec would refuse
 * on the wire, so a client cannot build a frame the server will reject for its form.
 */
public sealed interface ClientFrame extends Frame {

    /**
     * The metadata of one end-to-end encrypted message, whose ciphertext the sender has
     * already put in the vault. Exactly one of {@code recipientId} (a 1:1 message) and
     * {@code conversationId} (a group message) is set.
     *
     * @param sessionId an opaque reference to the sender's Signal session, stored and never
     *                  interpreted; its narrow alphabet and length keep it from carrying content
     */
    record Message(UUID messageId, UUID recipientId, UUID conversationId, Instant timestamp,
                   String sessionId, MessageType messageType) implements ClientFrame {
        public static final String TYPE = "message";

        public Message {
            Rules.require(messageId, "messageId");
            if ((recipientId == null) == (conversationId == null)) {
                throw new IllegalArgumentException(
                        "exactly one of recipientId and conversationId must be set");
            }
            Rules.requireTimestamp(timestamp, "timestamp");
            Rules.requireSessionId(sessionId, "sessionId");
            Rules.require(messageType, "messageType");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Tells the senders of these messages that they reached this device. */
    record Delivered(List<UUID> messageIds) implements ClientFrame {
        public static final String TYPE = "delivered";

        public Delivered {
            messageIds = Rules.requireIds(messageIds, Limits.MAX_MESSAGE_IDS, "messageIds");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Tells the senders of these messages that they were read (which implies delivered). */
    record Read(List<UUID> messageIds) implements ClientFrame {
        public static final String TYPE = "read";

        public Read {
            messageIds = Rules.requireIds(messageIds, Limits.MAX_MESSAGE_IDS, "messageIds");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Asks for this user's messages with {@code seq > afterSeq}, at most {@code limit} of
     * them, followed by {@code sync.done}.
     */
    record Sync(long afterSeq, int limit) implements ClientFrame {
        public static final String TYPE = "sync";

        public Sync {
            Rules.requireAtLeast(afterSeq, 0, "afterSeq");
            if (limit < 1 || limit > Limits.MAX_SYNC_LIMIT) {
                throw new IllegalArgumentException("limit must be 1-" + Limits.MAX_SYNC_LIMIT);
            }
        }

        /** A sync of the default page size, as when the wire frame names no limit. */
        public Sync(long afterSeq) {
            this(afterSeq, Limits.DEFAULT_SYNC_LIMIT);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Typing in a conversation; relayed to its members online now and never stored. */
    record Typing(UUID conversationId, TypingState state) implements ClientFrame {
        public static final String TYPE = "typing";

        public Typing {
            Rules.require(conversationId, "conversationId");
            Rules.require(state, "state");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Asks for the presence of these users now and for its changes from then on. */
    record PresenceSubscribe(List<UUID> userIds) implements ClientFrame {
        public static final String TYPE = "presence.subscribe";

        public PresenceSubscribe {
            userIds = Rules.requireIds(userIds, Limits.MAX_PRESENCE_USER_IDS, "userIds");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Rings every online device of {@code calleeId}; {@code callId} is chosen by the caller. */
    record CallInvite(UUID callId, UUID calleeId, CallMedia media) implements ClientFrame {
        public static final String TYPE = "call.invite";

        public CallInvite {
            Rules.require(callId, "callId");
            Rules.require(calleeId, "calleeId");
            Rules.require(media, "media");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A callee device answers; the others stop ringing. */
    record CallAccept(UUID callId) implements ClientFrame {
        public static final String TYPE = "call.accept";

        public CallAccept {
            Rules.require(callId, "callId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A callee declines. */
    record CallReject(UUID callId) implements ClientFrame {
        public static final String TYPE = "call.reject";

        public CallReject {
            Rules.require(callId, "callId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The caller gives up before an answer. */
    record CallCancel(UUID callId) implements ClientFrame {
        public static final String TYPE = "call.cancel";

        public CallCancel {
            Rules.require(callId, "callId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Either party hangs up an accepted call. */
    record CallEnd(UUID callId) implements ClientFrame {
        public static final String TYPE = "call.end";

        public CallEnd {
            Rules.require(callId, "callId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Replaces the connection's access token before it expires, so a long-lived connection
     * need not reconnect. Only the token's form is checked here; the server verifies it.
     */
    record AuthRefresh(String token) implements ClientFrame {
        public static final String TYPE = "auth.refresh";

        public AuthRefresh {
            Rules.require(token, "token");
            if (!Rules.isToken(token)) {
                throw new IllegalArgumentException("token must be " + Rules.TOKEN_RULE);
            }
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** Leaves the token out: records print their components, and a token is a secret. */
        @Override
        public String toString() {
            return "AuthRefresh[token=[REDACTED]]";
        }
    }

    /** Keeps the connection alive through idle-timeout proxies; answered with {@code pong}. */
    record Ping() implements ClientFrame {
        public static final String TYPE = "ping";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
