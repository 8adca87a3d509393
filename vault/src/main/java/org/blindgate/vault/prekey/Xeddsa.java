package org.blindgate.vault.prekey;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verification of XEdDSA signatures (Signal's "XEdDSA and VXEdDSA" specification, §2.3 and §3),
 * as libsignal makes them with an identity key: an X25519 (Montgomery) public key signs, and the
 * signature is checked as an Ed25519 one against the equivalent Edwards key.
 *
 * <p>The conversion: the Edwards y coordinate of Montgomery u is {@code (u - 1) / (u + 1) mod p};
 * the sign of x, which the Montgomery form does not carry, travels in the top bit of the
 * signature's last byte (libsignal sets it there and clears it from {@code s}). So: decode u with
 * its top bit ignored (as curve25519-dalek does), refuse {@code u = -1}, encode y with that sign
 * bit, clear the bit from {@code s}, and run the plain RFC 8032 Ed25519 verification of
 * BouncyCastle, which rejects a non-canonical {@code s} or point and a small-order key. Public
 * values only: nothing secret is handled, so constant time does not matter here.
 *
 * <p>Tested against signatures made by libsignal itself ({@code XeddsaTest}).
 */
public final class Xeddsa {

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private Xeddsa() {
    }

    /**
     * Whether {@code signature} (64 bytes) is a valid XEdDSA signature of {@code message} by the
     * X25519 public key {@code montgomeryKey} (32 bytes, little-endian u; without libsignal's
     * {@code 0x05} type byte).
     */
    public static boolean verify(byte[] montgomeryKey, byte[] message, byte[] signature) {
        if (montgomeryKey == null || montgomeryKey.length != 32 || signature == null || signature.length != 64
                || message == null) {
            return false;
        }
        BigInteger u = littleEndian(montgomeryKey).clearBit(255).mod(P);
        BigInteger uPlusOne = u.add(BigInteger.ONE).mod(P);
        if (uPlusOne.signum() == 0) {
            return false; // u = -1 has no Edwards equivalent
        }
        BigInteger y = u.subtract(BigInteger.ONE).mod(P).multiply(uPlusOne.modInverse(P)).mod(P);
        byte[] edwardsKey = toLittleEndian32(y);
        edwardsKey[31] |= (byte) (signature[63] & 0x80);
        byte[] ed25519Signature = signature.clone();
        ed25519Signature[63] &= 0x7f;
        return Ed25519.verify(ed25519Signature, 0, edwardsKey, 0, message, 0, message.length);
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] toLittleEndian32(BigInteger value) {
        byte[] bigEndian = value.toByteArray(); // may carry a leading sign byte, or be shorter than 32
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }
}
