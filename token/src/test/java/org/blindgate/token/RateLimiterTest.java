package org.blindgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.blindgate.token.RateLimiter.Decision;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A hand-moved nanosecond ticker that starts near overflow, as System.nanoTime may. */
    private final AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos());
    private final RateLimiter limiter = new RateLimiter(5, Duration.ofMinutes(1), 1000, ticker::get);

    @Test
    void allowsTheBurstThenRefusesWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("alice").allowed()).as("attempt %d", i + 1).isTrue();
        }

        Decision refused = limiter.tryAcquire("alice");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(refused.retryAfterSeconds()).isEqualTo(60);
    }

    @Test
    void refillsOneAttemptPerInterval() {
        exhaust("alice");

        advance(Duration.ofSeconds(45));
        Decision stillRefused = limiter.tryAcquire("alice");
        assertThat(stillRefused.allowed()).isFalse();
        assertThat(stillRefused.retryAfter()).isEqualTo(Duration.ofSeconds(15));

        advance(Duration.ofSeconds(15));
        assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
        assertThat(limiter.tryAcquire("alice").allowed()).isFalse();

        advance(Duration.ofMinutes(10));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
        }
        assertThat(limiter.tryAcquire("alice").allowed()).isFalse(); // refills to burst, no further
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        exhaust("alice");
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("alice");
        }

        advance(Duration.ofMinutes(1));

        assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
    }

    @Test
    void keepsKeysIndependent() {
        exhaust("alice");

        assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
        assertThat(limiter.tryAcquire("alice").allowed()).isFalse();
    }

    @Test
    void forgetsFullBucketsAndCapsMemory() {
        for (int i = 0; i < 5000; i++) {
            limiter.tryAcquire("user-" + i);
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(1000);

        advance(Duration.ofMinutes(1));

        assertThat(limiter.evictIdle()).isPositive();
        assertThat(limiter.size()).isZero();
    }

    @Test
    void evictsTheBucketsClosestToFullFirstWhenFlooded() {
        exhaust("attacked");
        for (int i = 0; i < 5000; i++) {
            limiter.tryAcquire("spray-" + i);
        }

        assertThat(limiter.tryAcquire("attacked").allowed()).isFalse();
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() {
        assertThat(new Decision(false, Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
        assertThat(new Decision(false, Duration.ofMillis(1500)).retryAfterSeconds()).isEqualTo(2);
        assertThat(new Decision(false, Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refillEvery");
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ofSeconds(1), 0, ticker::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeys");
    }

    private void exhaust(String key) {
        while (limiter.tryAcquire(key).allowed()) {
            // take every attempt the bucket holds
        }
    }

    private void advance(Duration by) {
        ticker.addAndGet(by.toNanos());
    }
}
