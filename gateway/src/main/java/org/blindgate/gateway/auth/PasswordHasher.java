package org.blindgate.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in unpadded standard
 * base64, as the PHC format and the reference implementation write them).
 *
 * <p>The cost parameters are read back from each stored string, so {@link Params} can be raised
 * later without breaking existing hashes; {@link #needsRehash(String)} tells the login path when
 * to re-hash with the current parameters after a successful login.
 *
 * <p>Passwords are normalised to Unicode NFKC before hashing (NIST SP 800-63B 5.1.1.2), so the
 * same password typed on platforms that compose characters differently (macOS input yields NFD)
 * still matches. Changing this would invalidate every stored hash.
 *
 * <p>Every call costs about one Argon2id evaluation (tens of milliseconds and
 * {@code memoryKiB} of heap with the defaults): call it on a worker thread, never on the event
 * loop, and rate-limit logins before reaching it. Thread-safe.
 */
public final class PasswordHasher {

    /** Argon2 version 0x13 = 19, the only version written and accepted. */
    private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String PREFIX = "$argon2id$v=" + VERSION + "$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    // The JDK decoder accepts unpadded input, which is what PHC strings hold.
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    /**
     * Argon2id cost parameters.
     *
     * <p>The upper bounds are there because parameters are also parsed from stored strings: a
     * corrupted or planted row must not make a login allocate gigabytes or spin for minutes.
     *
     * @param memoryKiB memory in KiB, 8×parallelism to 1 GiB (1048576)
     * @param iterations passes over memory, 1 to 100
     * @param parallelism lanes, 1 to 16
     */
    public record Params(int memoryKiB, int iterations, int parallelism) {

        /** OWASP Password Storage Cheat Sheet's Argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
        public static final Params DEFAULT = new Params(19456, 2, 1);

        static final int MAX_MEMORY_KIB = 1 << 20;
        static final int MAX_ITERATIONS = 100;
        static final int MAX_PARALLELISM = 16;

        public Params {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException(
                        "Argon2 parallelism must be 1.." + MAX_PARALLELISM + ", was " + parallelism);
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("Argon2 memoryKiB must be " + (8 * parallelism) + ".."
                        + MAX_MEMORY_KIB + " (at least 8 per lane), was " + memoryKiB);
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException(
                        "Argon2 iterations must be 1.." + MAX_ITERATIONS + ", was " + iterations);
            }
        }
    }

    private final Params params;
    private final SecureRandom random = new SecureRandom();
    /** Same parameters as new hashes, so {@link #burn} costs what a real verify costs. */
    private final String dummyPhc;

    /** A hasher writing {@link Params#DEFAULT}. */
    public PasswordHasher() {
        this(Params.DEFAULT);
    }

    /** A hasher writing new hashes with {@code params} (verification reads each hash's own). */
    public PasswordHasher(Params params) {
        this.params = Objects.requireNonNull(params, "params");
        // Salt and hash of zeros: no password hashes to it (short of breaking Argon2), and building
        // it costs nothing at start-up.
        this.dummyPhc = format(params, new byte[SALT_BYTES], new byte[HASH_BYTES]);
    }

    /** The parameters new hashes are written with. */
    public Params params() {
        return params;
    }

    /** Hashes {@code password} with a fresh 16-byte random salt; returns the PHC string. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return format(params, salt, derive(password, salt, params, HASH_BYTES));
    }

    /**
     * Whether {@code password} matches the stored {@code phc} string, using the parameters
     * written in that string. Returns {@code false}, never throws, for a null or malformed string
     * (a corrupted row must look like a wrong password, not a server error).
     */
    public boolean verify(String password, String phc) {
        if (password == null || phc == null) {
            return false;
        }
        Parsed parsed = Parsed.of(phc);
        if (parsed == null) {
            return false;
        }
        byte[] actual = derive(password, parsed.salt, parsed.params, parsed.hash.length);
        // Constant-time: the comparison must not reveal how many leading bytes matched.
        return MessageDigest.isEqual(actual, parsed.hash);
    }

    /**
     * Does the work of one {@link #verify} against a fixed dummy hash and discards the result.
     * Call it when the username is unknown, so that "no such user" and "wrong password" take the
     * same time and a timing attacker cannot enumerate usernames. (Stored hashes written with
     * older parameters cost what those parameters cost; after a parameter change the two paths
     * differ until users have been re-hashed, see {@link #needsRehash}.)
     */
    public void burn(String password) {
        verify(password == null ? "" : password, dummyPhc);
    }

    /**
     * Whether a stored hash should be replaced (after a successful {@link #verify}) because it was
     * written with parameters other than this hasher's, or cannot be parsed.
     */
    public boolean needsRehash(String phc) {
        Parsed parsed = phc == null ? null : Parsed.of(phc);
        return parsed == null || !parsed.params.equals(params) || parsed.hash.length != HASH_BYTES;
    }

    private static byte[] derive(String password, byte[] salt, Params p, int length) {
        Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build();
        byte[] pw = Normalizer.normalize(password, Normalizer.Form.NFKC)
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(argon);
            generator.generateBytes(pw, out);
            return out;
        } finally {
            Arrays.fill(pw, (byte) 0); // the String itself cannot be wiped; at least the copy is
        }
    }

    private static String format(Params p, byte[] salt, byte[] hash) {
        return PREFIX + "m=" + p.memoryKiB() + ",t=" + p.iterations() + ",p=" + p.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** A stored string taken apart; {@link #of} returns null instead of throwing. */
    private static final class Parsed {
        final Params params;
        final byte[] salt;
        final byte[] hash;

        private Parsed(Params params, byte[] salt, byte[] hash) {
            this.params = params;
            this.salt = salt;
            this.hash = hash;
        }

        static Parsed of(String phc) {
            // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
            String[] parts = phc.split("\\$", -1);
            if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id")
                    || !parts[2].equals("v=" + VERSION)) {
                return null;
            }
            String[] costs = parts[3].split(",", -1);
            if (costs.length != 3
                    || !costs[0].startsWith("m=") || !costs[1].startsWith("t=")
                    || !costs[2].startsWith("p=")) {
                return null;
            }
            try {
                Params params = new Params(
                        decimal(costs[0].substring(2)),
                        decimal(costs[1].substring(2)),
                        decimal(costs[2].substring(2)));
                byte[] salt = B64_DECODER.decode(parts[4]);
                byte[] hash = B64_DECODER.decode(parts[5]);
                if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Parsed(params, salt, hash);
            } catch (IllegalArgumentException e) { // bad number, out-of-range params, bad base64
                return null;
            }
        }

        /** Digits only: Integer.parseInt would also take "+5" and "٥" (Arabic-Indic five). */
        private static int decimal(String s) {
            if (s.isEmpty() || s.length() > 9) {
                throw new IllegalArgumentException("not a small decimal");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a small decimal");
                }
            }
            return Integer.parseInt(s);
        }
    }
}
