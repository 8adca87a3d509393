package org.blindgate.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of the local history (kept only in the encrypted store; the servers keep no content).
 *
 * @param outgoing sent by this device (else received)
 * @param peer     the other user's id
 * @param status   for an outgoing message: {@code sending}, {@code sent} (acknowledged by the
 *                 gateway), {@code delivered}, {@code read} or {@code failed}; for an incoming one:
 *                 {@code received}, {@code read} or {@code unreadable}
 */
public record HistoryEntry(UUID messageId, boolean outgoing, UUID peer, Instant timestamp,
        IncomingMessage.Kind kind, String text, Attachment attachment, String status) {

    /** What is known of an outgoing message before it has an id and a time. */
    record Draft(IncomingMessage.Kind kind, String text, Attachment attachment) {
        HistoryEntry entry(UUID messageId, UUID peer, Instant timestamp) {
            return new HistoryEntry(messageId, true, peer, timestamp, kind, text, attachment, "sending");
        }
    }
}
