package org.blindgate.vault.prekey;

import java.util.List;
import java.util.Objects;

/**
 * A device's public keys as libsignal serializes them, checked by {@link KeyRules}: its
 * registration id, identity key, signed prekey, Kyber prekey, and new one-time prekeys. Public
 * keys only; the vault never sees a private key.
 */
record DeviceKeys(int registrationId, byte[] identityKey, SignedKey signedPreKey, SignedKey kyberPreKey,
        List<OneTimeKey> oneTimePreKeys) {

    DeviceKeys {
        identityKey = identityKey.clone();
        Objects.requireNonNull(signedPreKey, "signedPreKey");
        Objects.requireNonNull(kyberPreKey, "kyberPreKey");
        oneTimePreKeys = List.copyOf(oneTimePreKeys);
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    /** A public key with its id and the identity key's signature over its serialized form. */
    record SignedKey(long keyId, byte[] publicKey, byte[] signature) {
        SignedKey {
            publicKey = publicKey.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    record OneTimeKey(long keyId, byte[] publicKey) {
        OneTimeKey {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }
}
