package org.blindgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void reportsPercentilesInMillisecondsAndForgetsWhatCameBeforeReset() {
        Latency l = new Latency();
        l.recordNanos(50_000_000);
        l.reset();
        for (int i = 1; i <= 1000; i++) {
            l.recordNanos(i * 1_000_000L);
        }
        Histogram h = l.total();
        assertThat(h.getTotalCount()).isEqualTo(1000);
        assertThat(Latency.millis(h, 50)).isBetween(499.0, 501.0);
        assertThat(Latency.millis(h, 99)).isBetween(989.0, 991.0);
        assertThat(Latency.maxMillis(h)).isBetween(999.0, 1001.0);
    }
}
