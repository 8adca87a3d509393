package org.blindgate.vault.store;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A request body received completely into a spool file: its size and SHA-256 as counted while it
 * streamed in. The file belongs to whoever holds this until it is put into an {@link ObjectStore}
 * or deleted.
 */
public record Spooled(Path file, long size, byte[] sha256) {
    public Spooled {
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Whether these bytes are the ones {@code stored} describes (same digest and size). */
    public boolean sameAs(StoredObject stored) {
        return size == stored.size() && Arrays.equals(sha256, stored.sha256());
    }
}
