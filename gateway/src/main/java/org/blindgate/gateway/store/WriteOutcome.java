package org.blindgate.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.blindgate.protocol.ErrorCode;

/** What became of one {@link PendingMessage} once its batch committed (or failed). */
public sealed interface WriteOutcome {

    /** Newly stored: one row per recipient, each with its seq, in the order they were assigned. */
    record Stored(UUID conversationId, Instant serverTimestamp, List<StoredMessage> rows) implements WriteOutcome {
        public Stored {
            rows = List.copyOf(rows);
        }
    }

    /** The same sender already sent this messageId; nothing was written or routed again. */
    record Duplicate(UUID conversationId, Instant serverTimestamp) implements WriteOutcome {
    }

    /** Not written, for a reason the client can act on (unknown recipient, not a member, ...). */
    record Refused(ErrorCode code, String field, String message) implements WriteOutcome {
    }
}
