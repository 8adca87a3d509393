package org.blindgate.sdk.store;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The AES-256-GCM key of a store, derived from the passphrase with Argon2id, and the sealing of
 * records under it. Every record is bound to its place by associated data, so records cannot be
 * reordered, dropped from the middle or moved between files without failing authentication.
 */
final class StoreKey {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private StoreKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
    }

    static StoreKey derive(char[] passphrase, byte[] salt, KdfParams kdf) {
        byte[] password = utf8(passphrase);
        Argon2BytesGenerator argon = new Argon2BytesGenerator();
        argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(kdf.memoryKib())
                .withIterations(kdf.iterations())
                .withParallelism(kdf.parallelism())
                .withSalt(salt)
                .build());
        byte[] raw = new byte[32];
        argon.generateBytes(password, raw);
        Arrays.fill(password, (byte) 0);
        return new StoreKey(raw);
    }

    private static byte[] utf8(char[] chars) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    /** {@code nonce || ciphertext || tag}. */
    byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(aad);
            byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            c.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The plaintext, or null when the bytes do not authenticate under this key and {@code aad}. */
    byte[] open(byte[] sealed, byte[] aad) {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
