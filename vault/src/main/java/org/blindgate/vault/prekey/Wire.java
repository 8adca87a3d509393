package org.blindgate.vault.prekey;

import java.util.List;

/**
 * The JSON shapes of PROTOCOL.md §4 keys, as they travel (binary values as standard base64).
 * Parsed strictly by Jackson; {@link KeyRules} turns an upload into checked {@link DeviceKeys}.
 */
final class Wire {

    private Wire() {
    }

    /** The body of {@code PUT /v1/keys}. Boxed numbers, so that a missing field is told from a zero. */
    record Upload(Long registrationId, String identityKey, Signed signedPreKey, Signed kyberPreKey,
            List<OneTime> oneTimePreKeys) {
    }

    /** A signed prekey or the Kyber (last-resort) prekey. */
    record Signed(Long keyId, String publicKey, String signature) {
    }

    record OneTime(Long keyId, String publicKey) {
    }

    /** One device's bundle in the answer of {@code GET /v1/keys/{userId}}; no one-time prekey when none is left. */
    record Device(String deviceId, int registrationId, String identityKey, Signed signedPreKey, Signed kyberPreKey,
            OneTime oneTimePreKey) {
    }

    record Bundles(String userId, List<Device> devices) {
    }

    record Registration(String deviceId, int registrationId) {
    }

    record Registrations(String userId, List<Registration> devices) {
    }

    record Count(int oneTimePreKeys) {
    }
}
