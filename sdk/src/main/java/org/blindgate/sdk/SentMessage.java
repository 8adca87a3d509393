package org.blindgate.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * A message the gateway has acknowledged: its metadata is durable and it will reach every device of
 * the recipient that existed when it was sent.
 *
 * @param duplicate the gateway had already stored this {@code messageId} (a resend after a lost
 *                  acknowledgement); it is not routed twice
 */
public record SentMessage(UUID messageId, UUID recipientId, UUID conversationId, Instant serverTimestamp,
        boolean duplicate) {
}
