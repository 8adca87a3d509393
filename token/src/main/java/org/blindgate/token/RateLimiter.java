package org.blindgate.token;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * An in-memory token-bucket limiter keyed by string (a username, a client address, a user id): up to
 * {@code burst} attempts at once, then one more per {@code refillEvery}.
 *
 * <p>Implemented as GCRA (the "generic cell rate algorithm", equivalent to a token bucket): each
 * key holds one number, the time at which its bucket will be full again. A key whose bucket is
 * full holds no information and may be forgotten, which is what keeps memory bounded.
 *
 * <p>Memory is capped at {@code maxKeys} entries. When the map is full, one thread sweeps it:
 * full buckets go first; if that frees less than a tenth of the capacity (a flood of distinct
 * keys), the buckets closest to full go next, since forgetting them forgives the least. An
 * attacker who cycles through more keys than the cap can therefore reset some limits; the cap
 * bounds what that costs the server, and the per-address limit is the one that bites then. Keyed
 * by verified user ids (the vault), cycling through keys takes that many accounts.
 *
 * <p>Time comes from a monotonic nanosecond ticker ({@link System#nanoTime()} in production), so
 * wall-clock jumps neither refill nor freeze buckets. Thread-safe and non-blocking apart from a
 * per-key critical section; safe on the event loop.
 */
public final class RateLimiter {

    /** The default cap on remembered keys (about 10 MB at worst). */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    /**
     * The answer to one attempt.
     *
     * @param allowed whether the attempt may proceed
     * @param retryAfter zero when allowed; otherwise how long until one attempt will be allowed
     */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);

        public Decision {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** {@link #retryAfter} in whole seconds rounded up, at least 1: a {@code Retry-After} value. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    private final long intervalNanos;
    /** How far ahead of now a bucket's "full again" time may be and still allow an attempt. */
    private final long toleranceNanos;
    private final int maxKeys;
    private final LongSupplier ticker;
    /** key → the ticker time at which the bucket is full again. */
    private final Map<String, Long> fullAt = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** A limiter on {@link System#nanoTime()} remembering at most {@link #DEFAULT_MAX_KEYS}. */
    public RateLimiter(int burst, Duration refillEvery) {
        this(burst, refillEvery, DEFAULT_MAX_KEYS, System::nanoTime);
    }

    /**
     * @param burst attempts allowed at once, at least 1
     * @param refillEvery one attempt comes back per this long, positive
     * @param maxKeys keys remembered at most, at least 1
     * @param ticker monotonic time in nanoseconds, like {@link System#nanoTime()}
     */
    public RateLimiter(int burst, Duration refillEvery, int maxKeys, LongSupplier ticker) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        Objects.requireNonNull(refillEvery, "refillEvery");
        if (refillEvery.isNegative() || refillEvery.isZero()) {
            throw new IllegalArgumentException("refillEvery must be positive, was " + refillEvery);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        try {
            this.intervalNanos = refillEvery.toNanos();
            this.toleranceNanos = Math.multiplyExact(intervalNanos, burst - 1L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "burst × refillEvery must fit in about 292 years, was " + burst + " × " + refillEvery);
        }
        this.maxKeys = maxKeys;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Takes one attempt from {@code key}'s bucket if it has one. */
    public Decision tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = ticker.getAsLong();
        if (fullAt.size() >= maxKeys && !fullAt.containsKey(key)) {
            sweep(now);
        }
        long[] refusedFor = {0};
        fullAt.compute(key, (k, stored) -> {
            // An empty or long-full bucket behaves as full now (nanoTime values are compared by
            // difference: they may be negative or wrap).
            long start = stored == null || stored - now < 0 ? now : stored;
            long debt = start - now; // how long until full, before this attempt
            if (debt > toleranceNanos) {
                refusedFor[0] = debt - toleranceNanos;
                return stored;
            }
            return start + intervalNanos;
        });
        return refusedFor[0] == 0 ? Decision.ALLOWED
                : new Decision(false, Duration.ofNanos(refusedFor[0]));
    }

    /** Forgets every key whose bucket is full. Returns how many were forgotten. */
    public int evictIdle() {
        long now = ticker.getAsLong();
        int before = fullAt.size();
        fullAt.values().removeIf(full -> full - now <= 0);
        return Math.max(0, before - fullAt.size());
    }

    /** How many keys are remembered now. */
    public int size() {
        return fullAt.size();
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return; // another thread is sweeping; the map may overshoot the cap by a few entries
        }
        try {
            fullAt.values().removeIf(full -> full - now <= 0);
            int target = maxKeys - Math.max(1, maxKeys / 10);
            int excess = fullAt.size() - target;
            if (excess <= 0) {
                return;
            }
            long[] debts = fullAt.values().stream().mapToLong(full -> full - now).toArray();
            Arrays.sort(debts);
            long threshold = debts[Math.min(excess, debts.length) - 1];
            fullAt.values().removeIf(full -> full - now <= threshold);
        } finally {
            sweeping.set(false);
        }
    }
}
