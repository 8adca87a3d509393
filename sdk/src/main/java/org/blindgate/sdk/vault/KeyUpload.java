package org.blindgate.sdk.vault;

import java.util.List;

/**
 * The body of {@code PUT /v1/keys} (PROTOCOL.md §4): this device's public keys, each libsignal's
 * {@code serialize()} output in standard base64 with padding. Replaces the device's bundle and
 * appends the one-time prekeys.
 */
public record KeyUpload(int registrationId, String identityKey, SignedKey signedPreKey, SignedKey kyberPreKey,
        List<OneTimeKey> oneTimePreKeys) {

    public KeyUpload {
        oneTimePreKeys = List.copyOf(oneTimePreKeys);
    }

    /** A signed prekey (EC, 33 bytes) or Kyber prekey (1569 bytes) with the identity key's XEdDSA signature. */
    public record SignedKey(long keyId, String publicKey, String signature) {
    }

    /** A one-time EC prekey (33 bytes). */
    public record OneTimeKey(long keyId, String publicKey) {
    }
}
