package org.blindgate.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution recorded from many threads without locks (HdrHistogram's
 * {@link Recorder}), in microseconds, up to one hour, 3 significant digits.
 */
public final class Latency {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private Histogram interval;
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);

    /** Records a latency given in nanoseconds (negative values, from clock skew, count as 0). */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    /** Forgets everything recorded so far (the start of a measured phase). */
    public synchronized void reset() {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
    }

    /**
     * Moves what was recorded since the last call into the total and returns just that part
     * (for a progress line). Call from one thread.
     */
    public synchronized Histogram sample() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Everything since {@link #reset()}, including what {@link #sample()} has not taken yet. */
    public synchronized Histogram total() {
        sample();
        return total.copy();
    }

    /** A percentile of {@code h} in milliseconds; NaN when empty. */
    public static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The maximum of {@code h} in milliseconds; NaN when empty. */
    public static double maxMillis(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }
}
