package org.blindgate.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The recipient {@code by} received ({@link Status#DELIVERED}) or read ({@link Status#READ}) messages
 * this user sent: the ticks of a chat client. Only sent to devices online at that moment; the
 * history keeps the latest status.
 */
public record Receipt(List<UUID> messageIds, Status status, UUID by, Instant at) {

    public Receipt {
        messageIds = List.copyOf(messageIds);
    }

    /** How far a message got. */
    public enum Status {
        /** On at least one device of the recipient. */
        DELIVERED,
        /** Seen by the recipient (implies delivered). */
        READ
    }
}
