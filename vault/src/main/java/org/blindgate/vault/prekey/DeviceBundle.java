package org.blindgate.vault.prekey;

import java.util.UUID;

/** One device's bundle as handed out: its keys, and the one-time prekey consumed for this fetch (or null). */
record DeviceBundle(UUID deviceId, int registrationId, byte[] identityKey, DeviceKeys.SignedKey signedPreKey,
        DeviceKeys.SignedKey kyberPreKey, DeviceKeys.OneTimeKey oneTimePreKey) {
}
