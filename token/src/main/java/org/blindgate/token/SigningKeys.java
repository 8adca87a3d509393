package org.blindgate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's ring of ES256 (P-256) token-signing keys, persisted as a JWK set file that
 * includes the private parts.
 *
 * <h2>Lifecycle</h2>
 * The newest key is the {@linkplain #active() active} one and signs every new token. Once it is
 * older than {@code rotateEvery}, the next call to {@link #active()} or {@link #rotateIfDue()}
 * generates a successor. A replaced key is kept <em>published</em> (in {@link #publicKeys()} and
 * for local verification) for {@code keepRetiredFor} after its replacement, so tokens it signed
 * just before the rotation stay verifiable until they expire; pass the access-token lifetime
 * plus the clock skew. After that it is dropped from the published set at once, and from the file
 * at the next write.
 *
 * <h2>File format</h2>
 * A standard JWK set, {@code {"keys":[...]}}, oldest key first. Each key's creation time is its
 * JWK {@code iat} parameter (seconds since the epoch; Nimbus reads and writes it as the JWK "issue
 * time"). Creation times are rounded <em>up</em> to the whole second, so a retired key's drop
 * time is never earlier than its real replacement time plus {@code keepRetiredFor}. A key's
 * replacement time is the creation time of the next newer key, so nothing else is stored.
 * The file is created owner-only ({@code rw-------}) where the file system has POSIX
 * permissions, and always replaced atomically (temporary file in the same directory, fsync,
 * {@code ATOMIC_MOVE}), so a crash leaves either the old or the new ring, never half of one.
 *
 * <h2>Threads and I/O</h2>
 * Readers ({@link #publicKeys()}, {@link #jwksJson()}, the local verifier) take an immutable
 * snapshot without locking and never do I/O: dropping an expired retired key from the published
 * set is computed in memory. Writers ({@link #active()} when a rotation is due, {@link #rotate()},
 * {@link #rotateIfDue()}) serialise on a lock and persist the new ring <em>before</em> using it:
 * a key that is not on disk must never sign, or its tokens would fail after a restart.
 *
 * <p>Hazard: the ring belongs to one process. Several gateway instances must not share one file
 * (each would rotate on its own and overwrite the others' keys); give each instance its own
 * file and have verifiers trust every instance's JWKS, or run one issuer.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long {@link #active()} waits before retrying a rotation it could not persist. */
    static final Duration ROTATION_RETRY = Duration.ofMinutes(1);

    private final Path file;
    private final Clock clock;
    private final Duration rotateEvery;
    private final Duration keepRetiredFor;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Instant retryRotationAfter = Instant.MIN;
    private final AtomicReference<Ring> ring = new AtomicReference<>();
    /** What the file holds; guarded by {@link #writeLock}. */
    private List<ECKey> onDisk = List.of();

    private SigningKeys(Path file, Clock clock, Duration rotateEvery, Duration keepRetiredFor) {
        this.file = file;
        this.clock = clock;
        this.rotateEvery = rotateEvery;
        this.keepRetiredFor = keepRetiredFor;
    }

    /**
     * Loads the ring from {@code file}, or creates the file (and its parent directories) with a
     * first key. Rotates at once if the newest stored key is already due, and drops retired keys
     * whose time has passed.
     *
     * @param rotateEvery how long a key stays active, positive (e.g. 30 days)
     * @param keepRetiredFor how long a replaced key stays published, positive: at least the
     *     access-token lifetime plus the verifiers' clock skew
     * @throws UncheckedIOException if the file cannot be read or written
     * @throws IllegalStateException if the file exists but is not a ring written by this class
     */
    public static SigningKeys loadOrCreate(
            Path file, Clock clock, Duration rotateEvery, Duration keepRetiredFor) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        requirePositive(rotateEvery, "rotateEvery");
        requirePositive(keepRetiredFor, "keepRetiredFor");
        SigningKeys keys = new SigningKeys(file.toAbsolutePath(), clock, rotateEvery, keepRetiredFor);
        keys.writeLock.lock();
        try {
            List<ECKey> stored = Files.exists(keys.file) ? keys.read() : List.of();
            Instant now = clock.instant();
            List<ECKey> live = keys.withoutExpired(stored, now);
            if (live.isEmpty() || keys.isDue(live.get(live.size() - 1), now)) {
                live = withNewKey(live, now);
            }
            if (!live.equals(stored)) {
                keys.write(live);
            } else {
                keys.onDisk = List.copyOf(stored);
            }
            keys.ring.set(keys.newRing(live));
        } finally {
            keys.writeLock.unlock();
        }
        return keys;
    }

    /**
     * The key that signs new tokens (with its private part). Rotates first, persisting the new
     * key, when the newest key is older than {@code rotateEvery}; so this may write the file.
     *
     * <p>If that rotation cannot be persisted, the error is logged and the current key is
     * returned: it is still published, so its tokens stay valid, and refusing every login
     * because the disk is full would be worse than rotating late. From here the rotation is
     * retried at most once a minute ({@link #rotate()} and {@link #rotateIfDue()} throw
     * instead).
     */
    public ECKey active() {
        Ring current = ring.get();
        Instant now = clock.instant();
        if (isDue(current.active(), now) && !now.isBefore(retryRotationAfter)) {
            try {
                rotateIfDue();
                current = ring.get();
            } catch (UncheckedIOException e) {
                retryRotationAfter = now.plus(ROTATION_RETRY);
                log.error("cannot persist a rotated signing key to {}; still signing with key {},"
                        + " retrying in {}", file, current.active().getKeyID(), ROTATION_RETRY, e);
            }
        }
        return current.active();
    }

    /**
     * Rotates if the active key is older than {@code rotateEvery}, and removes retired keys whose
     * time has passed from the file. Meant for a periodic timer on a worker thread, so the file is
     * kept tidy even when no tokens are issued.
     *
     * @return whether a new key was generated
     */
    public boolean rotateIfDue() {
        writeLock.lock();
        try {
            Instant now = clock.instant();
            List<ECKey> live = withoutExpired(ring.get().keys(), now);
            boolean due = isDue(live.get(live.size() - 1), now);
            if (due) {
                live = withNewKey(live, now);
            }
            if (!live.equals(onDisk)) {
                write(live);
            }
            ring.set(newRing(live));
            return due;
        } finally {
            writeLock.unlock();
        }
    }

    /** Generates and persists a new active key now, whatever the age of the current one. */
    public void rotate() {
        writeLock.lock();
        try {
            Instant now = clock.instant();
            List<ECKey> live = withNewKey(withoutExpired(ring.get().keys(), now), now);
            write(live);
            ring.set(newRing(live));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The public parts of every key still published (the active key and retired keys within
     * {@code keepRetiredFor} of their replacement), as served on {@code /.well-known/jwks.json}.
     * Never contains a private part. No I/O, no locking.
     */
    public JWKSet publicKeys() {
        Ring current = ring.get();
        Instant now = clock.instant();
        if (now.isBefore(current.nextDrop())) {
            return current.publicSet();
        }
        // A retired key's time has passed: drop it in memory only, so verification never waits for
        // disk; the file follows at the next write. If a writer swapped the ring meanwhile, its ring
        // wins (it was computed under the lock from a later or equal time).
        Ring pruned = newRing(withoutExpired(current.keys(), now));
        ring.compareAndSet(current, pruned);
        return pruned.publicSet();
    }

    /** {@link #publicKeys()} as JSON, ready to serve with {@code application/jwk-set+json}. */
    public String jwksJson() {
        return publicKeys().toString(true);
    }

    /** The file the ring is persisted in. */
    public Path file() {
        return file;
    }

    // ---------------------------------------------------------------- ring arithmetic

    /** Immutable state read without locking; {@code keys} oldest first, never empty. */
    private record Ring(List<ECKey> keys, JWKSet publicSet, Instant nextDrop) {
        ECKey active() {
            return keys.get(keys.size() - 1);
        }
    }

    private Ring newRing(List<ECKey> keys) {
        Instant nextDrop = Instant.MAX;
        for (int i = 0; i + 1 < keys.size(); i++) {
            Instant drop = dropTime(keys, i);
            if (drop.isBefore(nextDrop)) {
                nextDrop = drop;
            }
        }
        return new Ring(List.copyOf(keys), toPublicSet(keys), nextDrop);
    }

    private static JWKSet toPublicSet(List<ECKey> keys) {
        List<JWK> publicKeys = new ArrayList<>(keys.size());
        for (ECKey key : keys) {
            publicKeys.add(key.toPublicJWK());
        }
        return new JWKSet(publicKeys);
    }

    /** When retired key {@code i} (not the newest) stops being published. */
    private Instant dropTime(List<ECKey> keys, int i) {
        return createdAt(keys.get(i + 1)).plus(keepRetiredFor);
    }

    private List<ECKey> withoutExpired(List<ECKey> keys, Instant now) {
        List<ECKey> live = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            boolean newest = i == keys.size() - 1;
            if (newest || now.isBefore(dropTime(keys, i))) {
                live.add(keys.get(i));
            }
        }
        return live;
    }

    private boolean isDue(ECKey key, Instant now) {
        return !now.isBefore(createdAt(key).plus(rotateEvery));
    }

    private static List<ECKey> withNewKey(List<ECKey> keys, Instant now) {
        // Round up (see the class comment): the key may look up to a second younger than it is.
        Instant created = now.truncatedTo(ChronoUnit.SECONDS);
        if (created.isBefore(now)) {
            created = created.plusSeconds(1);
        }
        if (!keys.isEmpty() && created.isBefore(createdAt(keys.get(keys.size() - 1)))) {
            // The clock went backwards: keep creation times ordered, or a reload would make an older
            // key active again.
            created = createdAt(keys.get(keys.size() - 1));
        }
        List<ECKey> next = new ArrayList<>(keys);
        next.add(generate(created));
        return next;
    }

    private static Instant createdAt(ECKey key) {
        return key.getIssueTime().toInstant();
    }

    private static ECKey generate(Instant created) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .issueTime(Date.from(created))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(
                    "cannot generate a P-256 key; is the JDK's EC provider available?", e);
        }
    }

    // ---------------------------------------------------------------- persistence

    private List<ECKey> read() {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys from " + file, e);
        }
        warnIfReadableByOthers();
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            // No cause: the parser's message may quote the file, which holds private keys.
            throw new IllegalStateException("signing key file " + file + " is not a JWK set");
        }
        List<ECKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()
                    || ec.getKeyID() == null || ec.getIssueTime() == null) {
                throw new IllegalStateException("signing key file " + file + " holds a key (kid "
                        + jwk.getKeyID() + ") that is not a private P-256 EC key with kid and iat");
            }
            keys.add(ec);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("signing key file " + file + " holds no keys");
        }
        // Stable: keys created within the same second keep their file order.
        keys.sort(Comparator.comparing(SigningKeys::createdAt));
        return keys;
    }

    private void write(List<ECKey> keys) {
        List<JWK> jwks = new ArrayList<>(keys);
        byte[] bytes = new JWKSet(jwks).toString(false).getBytes(StandardCharsets.UTF_8);
        Path dir = file.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            // Created owner-only from the start: no window in which the private keys are readable.
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before it replaces the old ring
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            onDisk = List.copyOf(keys);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("cannot replace " + file
                    + " atomically; put the signing key file on a local file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write signing keys to " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and is being reported; a stray temp file is the lesser issue
                }
            }
        }
    }

    private void warnIfReadableByOthers() {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    log.warn("signing key file {} has permissions {}; it holds private keys and should be"
                            + " rw------- (chmod 600)", file, PosixFilePermissions.toString(perms));
                }
            }
        } catch (IOException e) {
            log.warn("cannot check the permissions of signing key file {}", file, e);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
