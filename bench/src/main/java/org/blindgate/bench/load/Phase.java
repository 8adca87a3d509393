package org.blindgate.bench.load;

import java.time.Duration;

/**
 * One measured phase: warm up, measure for {@code steady}, stop sending and drain.
 *
 * @param window closed loop: messages each sender keeps in flight (waiting for its ack); 0 in open loop
 * @param rate   open loop: messages per second offered by all senders together; 0 in closed loop
 */
public record Phase(int window, double rate, Duration warmup, Duration steady) {

    public Phase {
        if ((window > 0) == (rate > 0)) {
            throw new IllegalArgumentException("a phase is closed loop (window > 0) or open loop (rate > 0)");
        }
        if (warmup.isNegative() || steady.isNegative() || steady.isZero()) {
            throw new IllegalArgumentException("warmup must be >= 0 and steady > 0");
        }
    }

    public static Phase closed(int window, Duration warmup, Duration steady) {
        return new Phase(window, 0, warmup, steady);
    }

    public static Phase open(double rate, Duration warmup, Duration steady) {
        return new Phase(0, rate, warmup, steady);
    }

    public boolean closedLoop() {
        return window > 0;
    }

    public String describe() {
        return closedLoop() ? "closed loop, window " + window : String.format("open loop, %.0f msg/s offered", rate);
    }
}
