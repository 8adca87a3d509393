package org.blindgate.vault.blob;

import java.util.Objects;
import java.util.UUID;

/**
 * Where a blob is: the message it belongs to and the one recipient device it is encrypted for.
 * The whole of what the vault knows about a message (DESIGN.md invariant 7): no sender, no
 * conversation.
 */
public record BlobAddress(UUID messageId, UUID recipientId, UUID deviceId) {
    public BlobAddress {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
