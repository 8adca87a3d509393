package org.blindgate.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The frames a server sends (shared/PROTOCOL.md §2.2). Servers may add fields in later
 * releases, which is why clients decode these leniently ({@link FrameCodec#decodeServer}).
 *
 * <p>Each record refuses, with {@link IllegalArgumentException}, a value of the wrong form,
 * so that a server bug shows where the frame is built rather than in a client.
 */
public sealed interface ServerFrame extends Frame {

    /**
     * A message's metadata is durable: the client may forget it and stop resending. Sent only
     * after the commit, so an ack that is lost leads to a resend answered {@code duplicate}.
     */
    record Ack(UUID messageId, UUID conversationId, AckStatus status, Instant serverTimestamp)
            implements ServerFrame {
        public static final String TYPE = "ack";

        public Ack {
            Rules.require(messageId, "messageId");
            Rules.require(conversationId, "conversationId");
            Rules.require(status, "status");
            Rules.requireTimestamp(serverTimestamp, "serverTimestamp");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The metadata of a message for this user, live or replayed by {@code sync}. {@code seq}
     * counts 1, 2, 3 … per recipient user without gaps, so a client that sees a gap syncs.
     *
     * @param senderDeviceId the device that sent it, so the receiver knows which Signal
     *                       session decrypts its blob
     */
    record Message(UUID messageId, UUID conversationId, UUID senderId, UUID senderDeviceId,
                   UUID recipientId, Instant timestamp, Instant serverTimestamp, String sessionId,
                   MessageType messageType, long seq) implements ServerFrame {
        public static final String TYPE = "message";

        public Message {
            Rules.require(messageId, "messageId");
            Rules.require(conversationId, "conversationId");
            Rules.require(senderId, "senderId");
            Rules.require(senderDeviceId, "senderDeviceId");
            Rules.require(recipientId, "recipientId");
            Rules.requireTimestamp(timestamp, "timestamp");
            Rules.requireTimestamp(serverTimestamp, "serverTimestamp");
            Rules.requireSessionId(sessionId, "sessionId");
            Rules.require(messageType, "messageType");
            Rules.requireAtLeast(seq, 1, "seq");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Ends one page of a sync.
     *
     * @param lastSeq the highest seq of this page, or the request's {@code afterSeq} if the page
     *                was empty
     * @param hasMore whether to sync again from {@code lastSeq}
     */
    record SyncDone(long lastSeq, boolean hasMore) implements ServerFrame {
        public static final String TYPE = "sync.done";

        public SyncDone {
            Rules.requireAtLeast(lastSeq, 0, "lastSeq");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Tells a sender that user {@code by} received or read its messages. Not bounded to
     * {@link Limits#MAX_MESSAGE_IDS}: that bound is on what a client sends, not on what a
     * server may gather.
     */
    record Receipt(List<UUID> messageIds, ReceiptStatus status, UUID by, Instant at)
            implements ServerFrame {
        public static final String TYPE = "receipt";

        public Receipt {
            messageIds = Rules.requireIds(messageIds, Integer.MAX_VALUE, "messageIds");
            Rules.require(status, "status");
            Rules.require(by, "by");
            Rules.requireTimestamp(at, "at");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A user's presence as the receiving user may see it.
     *
     * @param lastSeen when the user was last online; null (and left off the wire) while the
     *                 user is online or hides it
     */
    record Presence(UUID userId, PresenceStatus status, Instant lastSeen) implements ServerFrame {
        public static final String TYPE = "presence";

        public Presence {
            Rules.require(userId, "userId");
            Rules.require(status, "status");
            Rules.optionalTimestamp(lastSeen, "lastSeen");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Another member of a conversation started or stopped typing. */
    record Typing(UUID conversationId, UUID userId, TypingState state) implements ServerFrame {
        public static final String TYPE = "typing";

        public Typing {
            Rules.require(conversationId, "conversationId");
            Rules.require(userId, "userId");
            Rules.require(state, "state");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Rings this device: {@code callerId} calls within conversation {@code conversationId}. */
    record CallInvite(UUID callId, UUID callerId, CallMedia media, UUID conversationId)
            implements ServerFrame {
        public static final String TYPE = "call.invite";

        public CallInvite {
            Rules.require(callId, "callId");
            Rules.require(callerId, "callerId");
            Rules.require(media, "media");
            Rules.require(conversationId, "conversationId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A call changed state.
     *
     * @param reason why, as a snake_case word such as {@code connection_lost}, or null
     */
    record CallState(UUID callId, CallStateValue state, Instant at, String reason)
            implements ServerFrame {
        public static final String TYPE = "call.state";

        public CallState {
            Rules.require(callId, "callId");
            Rules.require(state, "state");
            Rules.requireTimestamp(at, "at");
            if (reason != null && !Rules.isReason(reason)) {
                throw new IllegalArgumentException("reason must be " + Rules.REASON_RULE);
            }
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The frame (named by the envelope {@code id}) had no effect, for this reason.
     *
     * @param field   dotted path of the field at fault, or null
     * @param message a human sentence that never repeats what the client sent
     */
    record Error(ErrorCode code, String field, String message) implements ServerFrame {
        public static final String TYPE = "error";

        public Error {
            Rules.require(code, "code");
            if (field != null) {
                Rules.requireText(field, "field");
            }
            Rules.requireText(message, "message");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The answer to {@code ping}. */
    record Pong() implements ServerFrame {
        public static final String TYPE = "pong";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
