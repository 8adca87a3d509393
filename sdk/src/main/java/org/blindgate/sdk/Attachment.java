package org.blindgate.sdk;

import java.util.Objects;
import java.util.UUID;

/**
 * An attachment announced inside a Signal message (PROTOCOL.md §6): where its encrypted bytes are in
 * the vault and the key that decrypts them. Save it with
 * {@link BlindgateClient#saveAttachment(Attachment, java.nio.file.Path)}.
 *
 * @param key     the AES-256 key (32 bytes); only the two ends ever hold it
 * @param sha256  SHA-256 of the stored (encrypted) bytes, checked before decrypting
 * @param size    size of the stored bytes
 * @param caption optional text shown with it, or null
 */
public record Attachment(UUID attachmentId, byte[] key, byte[] sha256, long size, String mime, String name,
        String caption) {

    public Attachment {
        Objects.requireNonNull(attachmentId, "attachmentId");
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("an attachment key is 32 bytes");
        }
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("an attachment digest is 32 bytes");
        }
        key = key.clone();
        sha256 = sha256.clone();
        Objects.requireNonNull(mime, "mime");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Leaves the key out: records print their components. */
    @Override
    public String toString() {
        return "Attachment[" + attachmentId + ", " + name + ", " + mime + ", " + size + " bytes]";
    }
}
