package org.blindgate.vault.store;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** An index row's view of stored bytes: which object holds them, their digest and size, their expiry. */
public record StoredObject(UUID objectId, byte[] sha256, long size, Instant expiresAt) {
    public StoredObject {
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** A strong entity tag: the hex SHA-256 of the bytes, quoted. */
    public String etag() {
        return "\"" + HexFormat.of().formatHex(sha256) + "\"";
    }
}
