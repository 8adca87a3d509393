package org.blindgate.vault.prekey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;

/**
 * The strict checks of an uploaded key bundle, against what libsignal's {@code serialize()}
 * produces (PROTOCOL.md §4):
 * <ul>
 * <li>binary values are canonical standard base64 with padding (decoding and re-encoding gives
 *     the same text, so no missing padding, whitespace or stray bits);
 * <li>the identity key and every EC public key are 33 bytes, type byte {@code 0x05} then the
 *     32-byte X25519 key;
 * <li>the Kyber public key is 1569 bytes, type byte {@code 0x08} then the 1568-byte Kyber-1024 key;
 * <li>each signature is 64 bytes and verifies, as XEdDSA ({@link Xeddsa}), against the identity
 *     key over the serialized public key it signs;
 * <li>the registration id is 1-16383 (libsignal's {@code KeyHelper.generateRegistrationId}
 *     makes 1-16380; Signal's server allows 14 bits); key ids are unsigned 32-bit (libsignal's
 *     {@code u32}), one-time key ids distinct within an upload, at most
 *     {@value #MAX_ONE_TIME_PER_UPLOAD} one-time prekeys per upload.
 * </ul>
 * Every refusal names the field.
 */
final class KeyRules {

    static final int MAX_ONE_TIME_PER_UPLOAD = 100;
    static final int EC_KEY_BYTES = 33;
    static final int KYBER_KEY_BYTES = 1569;
    static final int SIGNATURE_BYTES = 64;
    static final byte EC_TYPE = 0x05;
    static final byte KYBER_TYPE = 0x08;
    private static final long MAX_KEY_ID = 0xFFFF_FFFFL;
    private static final int MAX_REGISTRATION_ID = 0x3FFF;

    private KeyRules() {
    }

    static DeviceKeys check(Wire.Upload upload) {
        if (upload.registrationId() == null) {
            throw invalid("registrationId is required");
        }
        long registrationId = upload.registrationId();
        if (registrationId < 1 || registrationId > MAX_REGISTRATION_ID) {
            throw invalid("registrationId must be 1-" + MAX_REGISTRATION_ID);
        }
        byte[] identityKey = key(upload.identityKey(), "identityKey", EC_KEY_BYTES, EC_TYPE);
        DeviceKeys.SignedKey signed = signed(upload.signedPreKey(), "signedPreKey", EC_KEY_BYTES, EC_TYPE, identityKey);
        DeviceKeys.SignedKey kyber = signed(upload.kyberPreKey(), "kyberPreKey", KYBER_KEY_BYTES, KYBER_TYPE,
                identityKey);
        List<Wire.OneTime> given = upload.oneTimePreKeys() == null ? List.of() : upload.oneTimePreKeys();
        if (given.size() > MAX_ONE_TIME_PER_UPLOAD) {
            throw invalid("oneTimePreKeys may hold at most " + MAX_ONE_TIME_PER_UPLOAD + " keys");
        }
        List<DeviceKeys.OneTimeKey> oneTime = new ArrayList<>(given.size());
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String name = "oneTimePreKeys[" + i + "]";
            Wire.OneTime k = given.get(i);
            if (k == null) {
                throw invalid(name + " must be an object");
            }
            long keyId = keyId(k.keyId(), name + ".keyId");
            if (!ids.add(keyId)) {
                throw invalid(name + ".keyId " + keyId + " appears twice");
            }
            oneTime.add(new DeviceKeys.OneTimeKey(keyId, key(k.publicKey(), name + ".publicKey", EC_KEY_BYTES, EC_TYPE)));
        }
        return new DeviceKeys((int) registrationId, identityKey, signed, kyber, oneTime);
    }

    private static DeviceKeys.SignedKey signed(Wire.Signed k, String name, int length, byte type, byte[] identityKey) {
        if (k == null) {
            throw invalid(name + " is required");
        }
        long keyId = keyId(k.keyId(), name + ".keyId");
        byte[] publicKey = key(k.publicKey(), name + ".publicKey", length, type);
        byte[] signature = base64(k.signature(), name + ".signature");
        if (signature.length != SIGNATURE_BYTES) {
            throw invalid(name + ".signature must be " + SIGNATURE_BYTES + " bytes, was " + signature.length);
        }
        if (!Xeddsa.verify(Arrays.copyOfRange(identityKey, 1, EC_KEY_BYTES), publicKey, signature)) {
            throw invalid(name + ".signature is not identityKey's signature of " + name + ".publicKey");
        }
        return new DeviceKeys.SignedKey(keyId, publicKey, signature);
    }

    private static long keyId(Long keyId, String name) {
        if (keyId == null) {
            throw invalid(name + " is required");
        }
        if (keyId < 0 || keyId > MAX_KEY_ID) {
            throw invalid(name + " must be 0-" + MAX_KEY_ID);
        }
        return keyId;
    }

    private static byte[] key(String text, String name, int length, byte type) {
        byte[] key = base64(text, name);
        if (key.length != length) {
            throw invalid(name + " must be " + length + " bytes, was " + key.length);
        }
        if (key[0] != type) {
            throw invalid(String.format("%s must start with the type byte 0x%02x, was 0x%02x", name, type, key[0]));
        }
        return key;
    }

    private static byte[] base64(String text, String name) {
        if (text == null) {
            throw invalid(name + " is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name + " is not base64");
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw invalid(name + " is not canonical standard base64 with padding");
        }
        return bytes;
    }

    private static ApiException invalid(String message) {
        return new ApiException(HttpError.INVALID_REQUEST, message);
    }
}
