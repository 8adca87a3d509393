package org.blindgate.sdk.vault;

import java.util.UUID;

/**
 * One device's entry of {@code GET /v1/keys/{userId}}: what a sender needs to start a session with
 * it. Binary values are decoded from base64 but not otherwise checked: libsignal checks them
 * (signatures included) when the session is built.
 *
 * @param oneTimePreKey null when the device has none left
 */
public record DeviceBundle(UUID deviceId, int registrationId, byte[] identityKey, Signed signedPreKey,
        Signed kyberPreKey, OneTime oneTimePreKey) {

    /** A signed prekey or Kyber prekey. */
    public record Signed(int keyId, byte[] publicKey, byte[] signature) {
    }

    /** A one-time prekey. */
    public record OneTime(int keyId, byte[] publicKey) {
    }
}
