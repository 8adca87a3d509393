package org.blindgate.vault.prekey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/**
 * {@link Xeddsa} against signatures made, and verdicts given, by libsignal itself (a test-scoped
 * dependency; the vault's runtime has no libsignal). Two fixed vectors keep a record that does not
 * depend on libsignal's randomness: one with the sign bit clear, one with it set.
 */
class XeddsaTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] VECTOR_MESSAGE = "blindgate xeddsa vector".getBytes();
    private static final byte[] VECTOR_KEY =
            HEX.parseHex("b1e9e4e7f5e6b8cdc59873c2a1e9f3ac185abe893a708ce995237f4b50fb9c4c");
    private static final byte[] VECTOR_SIGNATURE = HEX.parseHex("18ff34dc93e71c530067e6d949f63f6c5c79183c47d7399a28e0"
            + "4d2fb92d7412ccb4051aaf9206f66211c1942f4278869f9f8eceda34937f78df035be0e30200");
    private static final byte[] SIGN_BIT_MESSAGE = HEX.parseHex("05" + "11".repeat(32));
    private static final byte[] SIGN_BIT_KEY =
            HEX.parseHex("b669308354c9bed07a1fcf4b2a548baa581203663094865403615cec9d0af454");
    private static final byte[] SIGN_BIT_SIGNATURE = HEX.parseHex("860e7ea6dfef4af0a92b6f1f5913ee2d120fb1735cc79ce077"
            + "18a0a9d3206157157d3ee5929714b86ffb867cd7e6460e7a39fc85026607cff36fec146a559d8a");

    @Test
    void verifiesFixedLibsignalVectorsWithEitherSignBit() {
        assertThat(VECTOR_SIGNATURE[63] & 0x80).isZero();
        assertThat(SIGN_BIT_SIGNATURE[63] & 0x80).isNotZero();

        assertThat(Xeddsa.verify(VECTOR_KEY, VECTOR_MESSAGE, VECTOR_SIGNATURE)).isTrue();
        assertThat(Xeddsa.verify(SIGN_BIT_KEY, SIGN_BIT_MESSAGE, SIGN_BIT_SIGNATURE)).isTrue();
        assertThat(Xeddsa.verify(VECTOR_KEY, SIGN_BIT_MESSAGE, VECTOR_SIGNATURE)).isFalse();
        assertThat(Xeddsa.verify(SIGN_BIT_KEY, VECTOR_MESSAGE, VECTOR_SIGNATURE)).isFalse();
    }

    @Test
    void verifiesWhatLibsignalSignsAsAPrekeyBundleDoes() {
        for (int i = 0; i < 50; i++) {
            ECKeyPair identity = ECKeyPair.generate();
            byte[] signedPreKey = ECKeyPair.generate().getPublicKey().serialize();
            byte[] kyberPreKey = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
            byte[] key = identity.getPublicKey().getPublicKeyBytes();

            assertThat(Xeddsa.verify(key, signedPreKey, identity.getPrivateKey().calculateSignature(signedPreKey)))
                    .isTrue();
            assertThat(Xeddsa.verify(key, kyberPreKey, identity.getPrivateKey().calculateSignature(kyberPreKey)))
                    .isTrue();
        }
    }

    @Test
    void agreesWithLibsignalOnTamperedSignaturesMessagesAndKeys() throws InvalidKeyException {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            ECKeyPair pair = ECKeyPair.generate();
            byte[] message = new byte[random.nextInt(100)];
            random.nextBytes(message);
            byte[] signature = pair.getPrivateKey().calculateSignature(message);
            byte[] key = pair.getPublicKey().getPublicKeyBytes();

            byte[] badSignature = signature.clone();
            badSignature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            byte[] badMessage = message.length == 0 ? new byte[] {1} : message.clone();
            badMessage[0] ^= 1;
            byte[] otherKey = ECKeyPair.generate().getPublicKey().getPublicKeyBytes();

            assertThat(Xeddsa.verify(key, message, badSignature)).as("flipped signature bit")
                    .isEqualTo(pair.getPublicKey().verifySignature(message, badSignature)).isFalse();
            assertThat(Xeddsa.verify(key, badMessage, signature)).isFalse();
            assertThat(Xeddsa.verify(otherKey, message, signature)).isFalse();

            // The top bit of u is not part of the key: both libraries ignore it.
            byte[] highBitKey = key.clone();
            highBitKey[31] |= (byte) 0x80;
            assertThat(Xeddsa.verify(highBitKey, message, signature))
                    .isEqualTo(ECPublicKey.fromPublicKeyBytes(highBitKey).verifySignature(message, signature));
        }
    }

    @Test
    void refusesMalformedInputWithoutThrowing() {
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        byte[] minusOne = littleEndian32(p.subtract(BigInteger.ONE));

        assertThat(Xeddsa.verify(minusOne, VECTOR_MESSAGE, VECTOR_SIGNATURE)).as("u = -1").isFalse();
        assertThat(Xeddsa.verify(new byte[32], VECTOR_MESSAGE, VECTOR_SIGNATURE)).as("u = 0").isFalse();
        assertThat(Xeddsa.verify(new byte[31], VECTOR_MESSAGE, VECTOR_SIGNATURE)).isFalse();
        assertThat(Xeddsa.verify(VECTOR_KEY, VECTOR_MESSAGE, new byte[64])).isFalse();
        assertThat(Xeddsa.verify(VECTOR_KEY, VECTOR_MESSAGE, new byte[63])).isFalse();
        assertThat(Xeddsa.verify(null, VECTOR_MESSAGE, VECTOR_SIGNATURE)).isFalse();
        assertThat(Xeddsa.verify(VECTOR_KEY, null, VECTOR_SIGNATURE)).isFalse();
        byte[] bigS = VECTOR_SIGNATURE.clone();
        bigS[62] |= 0x70; // s far above the group order
        assertThat(Xeddsa.verify(VECTOR_KEY, VECTOR_MESSAGE, bigS)).isFalse();
    }

    private static byte[] littleEndian32(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
