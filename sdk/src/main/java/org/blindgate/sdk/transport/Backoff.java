package org.blindgate.sdk.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential with "full jitter" (a random delay between zero and the exponential
 * bound), so clients dropped together by a restarting gateway do not come back together.
 *
 * @param first the bound of the first retry
 * @param max   the largest bound
 */
public record Backoff(Duration first, Duration max) {

    /** 250 ms doubling up to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max");
        }
    }

    /** The delay before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long bound = first.toMillis() << Math.min(attempt, 20);
        bound = Math.min(Math.max(bound, first.toMillis()), max.toMillis());
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }
}
