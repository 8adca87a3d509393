package org.blindgate.bench.load;

import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One sender and its recipient, and everything the bench checks about them: the sender keeps
 * its window (closed loop) or its schedule (open loop); the recipient checks that every message
 * arrives exactly once and in order (and, when the system numbers messages per recipient, that
 * those numbers have no gaps).
 *
 * <p>Sender-side state is guarded by {@code this}, recipient-side state by {@code receiving}:
 * for WebSocket links both sides run on the pair's one event loop and the locks are never
 * contended; NATS links call in from their own threads.
 */
public final class Pair implements Link.Listener {

    /** Send times kept per sender; a sender never runs further ahead of its recipient than its cap. */
    static final int RING = 8192;
    private static final int MASK = RING - 1;

    /**
     * Closed loop only: a sender whose recipient lags by this many messages waits for it, even
     * with acks to spare. The window counts acks, as the brief asks; but the acks of NATS
     * (PubAck: stored) and XMPP stream management ({@code <a/>}: handled) do not mean delivered,
     * and without this cap their senders would queue messages for recipients without bound, and
     * the run would measure queue depth (and Erlang mailbox scans) instead of the broker. For the
     * gateway and the relay, which ack and route together, it never binds.
     */
    static int cap(int window) {
        return Math.min(RING / 2, Math.max(16, 4 * window));
    }

    /** The open-loop schedule: message {@code c} is due at {@code t0 + (c - c0) * interval}. */
    private record Schedule(long t0, long c0, double intervalNanos) {
        long due(long counter) {
            return t0 + (long) ((counter - c0) * intervalNanos);
        }
    }

    private final int index;
    private final Context context;
    private final LoadDriver driver;
    private Link sender;
    private Link recipient;
    private final AtomicLongArray sentAt = new AtomicLongArray(RING);

    // sender side (this)
    private long next = 1;
    private int inFlight;
    private boolean active;
    private int window;
    private volatile Schedule schedule;
    private volatile boolean stalled;
    private long ackedCount;

    // recipient side (receiving)
    private final Object receiving = new Object();
    private volatile long receivedCount;
    private long expected = 1;
    private long lastSeq;
    private long duplicates;
    private long outOfOrder;
    private long seqProblems;

    Pair(int index, Context context, LoadDriver driver, long initialSeq) {
        this.index = index;
        this.context = context;
        this.driver = driver;
        this.lastSeq = initialSeq;
    }

    void links(Link sender, Link recipient) {
        this.sender = sender;
        this.recipient = recipient;
    }

    public int index() {
        return index;
    }

    Context context() {
        return context;
    }

    // ------------------------------------------------------------------ sender side

    /** Starts a phase; runs on the pair's context. */
    synchronized void start(Phase phase, long t0) {
        active = true;
        window = phase.window();
        if (phase.closedLoop()) {
            schedule = null;
            pump();
        } else {
            double interval = 1e9 * driver.pairs() / phase.rate();
            // Spread the senders' first messages over one interval so they do not all fire together.
            long offset = (long) (interval * ((index * 0.6180339887) % 1.0));
            schedule = new Schedule(t0 + offset, next, interval);
        }
    }

    synchronized void stop() {
        active = false;
    }

    /** Open loop: sends every message whose time has come; runs on the pair's context every millisecond. */
    synchronized void pace(long now) {
        Schedule s = schedule;
        if (!active || s == null) {
            return;
        }
        while (s.due(next) <= now) {
            long c = next++;
            inFlight++;
            driver.sent();
            sender.send(index, c);
        }
    }

    private void pump() {
        while (active && schedule == null && inFlight < window) {
            if (next - 1 - receivedCount >= cap(window)) {
                stalled = true;
                return;
            }
            long c = next++;
            sentAt.set((int) (c & MASK), System.nanoTime());
            inFlight++;
            driver.sent();
            sender.send(index, c);
        }
    }

    private long sentTime(long counter) {
        Schedule s = schedule;
        return s != null ? s.due(counter) : sentAt.get((int) (counter & MASK));
    }

    @Override
    public void acked(int from, long counter) {
        if (from != index) {
            driver.problem("pair " + index + " got an ack for a message of sender " + from);
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            inFlight--;
            ackedCount++;
            driver.acked(now - sentTime(counter));
            pump();
        }
    }

    synchronized long sentCount() {
        return next - 1;
    }

    synchronized long ackedCount() {
        return ackedCount;
    }

    // ------------------------------------------------------------------ recipient side

    @Override
    public void received(int from, long counter, long seq) {
        if (from != index) {
            driver.problem("the recipient of pair " + index + " got a message of sender " + from);
            return;
        }
        long now = System.nanoTime();
        synchronized (receiving) {
            if (counter != expected) {
                if (counter < expected) {
                    duplicates++;
                    driver.problem("pair " + index + ": message " + counter + " arrived again (or late) after "
                            + (expected - 1));
                } else {
                    outOfOrder++;
                    driver.problem("pair " + index + ": message " + counter + " arrived while " + expected
                            + " was expected (a gap or a reordering)");
                }
            }
            expected = Math.max(expected, counter + 1);
            if (seq >= 0) {
                if (seq != lastSeq + 1) {
                    seqProblems++;
                    driver.problem("pair " + index + ": seq " + seq + " followed seq " + lastSeq);
                }
                lastSeq = seq;
            }
            receivedCount++;
        }
        driver.received(now - sentTime(counter));
        if (stalled) {
            context.runOnContext(v -> {
                synchronized (this) {
                    stalled = false;
                    pump();
                }
            });
        }
    }

    @Override
    public void problem(String what) {
        driver.problem("pair " + index + ": " + what);
    }

    long receivedCount() {
        return receivedCount;
    }

    /** Null if every message sent arrived exactly once and in order, else what went wrong. */
    String verdict() {
        long sent = sentCount();
        synchronized (receiving) {
            if (receivedCount == sent && duplicates == 0 && outOfOrder == 0 && seqProblems == 0) {
                return null;
            }
            return "pair " + index + ": sent " + sent + ", received " + receivedCount + ", duplicates " + duplicates
                    + ", out of order " + outOfOrder + ", seq gaps " + seqProblems;
        }
    }

    void close() {
        if (sender != null) {
            sender.close();
        }
        if (recipient != null) {
            recipient.close();
        }
    }
}
