package org.blindgate.sdk.crypto;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

/**
 * Safety numbers with libsignal's {@link NumericFingerprintGenerator}: version 2, 5200 iterations
 * (Signal's), each side identified by the 16 bytes of its user id. Both ends of a pair of devices
 * compute the same 60 digits.
 */
public final class Fingerprints {

    private static final int VERSION = 2;
    private static final int ITERATIONS = 5200;

    private Fingerprints() {
    }

    /** The 60 digits, in 12 groups of 5 separated by spaces. */
    public static String safetyNumber(UUID localUser, IdentityKey localKey, UUID remoteUser, IdentityKey remoteKey) {
        String digits = new NumericFingerprintGenerator(ITERATIONS)
                .createFor(VERSION, bytes(localUser), localKey, bytes(remoteUser), remoteKey)
                .getDisplayableFingerprint().getDisplayText();
        StringBuilder out = new StringBuilder(72);
        for (int i = 0; i < digits.length(); i += 5) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(digits, i, Math.min(digits.length(), i + 5));
        }
        return out.toString();
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
