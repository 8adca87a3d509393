package org.blindgate.sdk.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Attachments (PROTOCOL.md §6): AES-256-GCM under a fresh random key; the stored bytes are the
 * 12-byte nonce, then the ciphertext with its 16-byte tag; {@code sha256} is over the stored bytes.
 *
 * <p>Both directions stream through files in 64 KiB steps, so a 100 MiB attachment needs no more
 * memory than a small one. BouncyCastle's GCM is used rather than the JDK's because the JDK's
 * buffers the whole ciphertext while decrypting. Decrypted bytes go to a temporary file that is
 * moved into place only after the tag has verified, so a tampered attachment never appears.
 */
public final class AttachmentCipher {

    /** Bytes of the nonce that starts the stored bytes. */
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int CHUNK = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AttachmentCipher() {
    }

    /** The outcome of encrypting: the key to send inside the Signal message, and the stored bytes' digest and size. */
    public record Sealed(byte[] key, byte[] sha256, long size) {
    }

    /** Encrypts {@code plain} into {@code stored} (created or replaced) under a new random key. */
    public static Sealed encrypt(Path plain, Path stored) throws IOException {
        byte[] key = new byte[32];
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(nonce);
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce));
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(plain); OutputStream out = Files.newOutputStream(stored)) {
            out.write(nonce);
            sha.update(nonce);
            size += nonce.length;
            byte[] buffer = new byte[CHUNK];
            byte[] output = new byte[CHUNK + 32];
            int n;
            while ((n = in.read(buffer)) > 0) {
                int produced = gcm.processBytes(buffer, 0, n, output, 0);
                out.write(output, 0, produced);
                sha.update(output, 0, produced);
                size += produced;
            }
            int produced = gcm.doFinal(output, 0);
            out.write(output, 0, produced);
            sha.update(output, 0, produced);
            size += produced;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption does not fail", e);
        }
        return new Sealed(key, sha.digest(), size);
    }

    /**
     * Checks {@code stored} against {@code sha256}, then decrypts it into {@code target}.
     *
     * @throws SecurityException if the digest or the tag does not match (nothing is written)
     */
    public static void decrypt(Path stored, byte[] key, byte[] sha256, Path target) throws IOException {
        if (!Arrays.equals(digest(stored), sha256)) {
            throw new SecurityException("the attachment's bytes do not match the digest its sender gave");
        }
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".blindgate-", ".part");
        try (InputStream in = Files.newInputStream(stored)) {
            byte[] nonce = in.readNBytes(NONCE_BYTES);
            if (nonce.length != NONCE_BYTES) {
                throw new SecurityException("the attachment is too short to hold its nonce");
            }
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(false, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce));
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[CHUNK];
                byte[] output = new byte[CHUNK + 32];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(output, 0, gcm.processBytes(buffer, 0, n, output, 0));
                }
                out.write(output, 0, gcm.doFinal(output, 0));
            } catch (InvalidCipherTextException e) {
                throw new SecurityException("the attachment does not decrypt with the key its sender gave (tampered?)");
            }
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static byte[] digest(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
