package org.blindgate.bench.load;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.blindgate.bench.process.ProcStats;
import org.blindgate.bench.process.ThreadCpu;

/**
 * Drives sender/recipient pairs through phases: warm up, measure a steady phase, stop sending,
 * drain (wait until every message sent has been acknowledged and received), and at the end
 * check that every message arrived exactly once and in order.
 *
 * <p>Closed loop keeps {@code window} messages of each sender waiting for their ack, which
 * finds the highest sustained throughput. Open loop sends at a fixed rate whatever the answers,
 * and measures latency from each message's INTENDED send time, so a stall is charged to every
 * message it delays (no coordinated omission).
 */
public final class LoadDriver implements AutoCloseable {

    /** Opens connection {@code index}; {@code self}/{@code partner} index the accounts of the run. */
    @FunctionalInterface
    public interface Connector {
        CompletableFuture<Link> connect(int index, int self, int partner, Context context, Link.Listener listener);
    }

    private static final int MAX_PROBLEMS_KEPT = 20;

    private final String label;
    private final Clients clients;
    private final Probe probe;
    private final Progress progress;
    private final List<Pair> pairs = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final Latency latency = new Latency();
    private final Latency ackLatency = new Latency();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicLong problemCount = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean closing;

    public LoadDriver(String label, Clients clients, Probe probe, Progress progress) {
        this.label = label;
        this.clients = clients;
        this.probe = probe;
        this.progress = progress;
    }

    /**
     * Connects {@code count} pairs: pair {@code i} is account {@code 2i} sending to account
     * {@code 2i+1}. Recipients connect before their senders. Both links of a pair share one
     * event loop.
     *
     * @param initialSeq the recipients' current highest seq (0 for new users)
     */
    public void connect(int count, Connector connector, long initialSeq, Duration timeout) throws Exception {
        long started = System.nanoTime();
        int inFlight = 256;
        for (int from = 0; from < count; from += inFlight) {
            int to = Math.min(count, from + inFlight);
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (int n = from; n < to; n++) {
                int i = n;
                Pair pair = new Pair(i, clients.context(i), this, initialSeq);
                pairs.add(pair);
                int senderAccount = 2 * i;
                int recipientAccount = 2 * i + 1;
                batch.add(connector.connect(2 * i + 1, recipientAccount, senderAccount, pair.context(), pair)
                        .thenCompose(r -> connector.connect(2 * i, senderAccount, recipientAccount, pair.context(), pair)
                                .thenAccept(s -> pair.links(s, r))));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (count > 256) {
                progress.line("[%s] connected %d of %d pairs", label, to, count);
            }
        }
        progress.line("[%s] %d pairs (%d connections) connected in %.1f s", label, count, 2 * count,
                (System.nanoTime() - started) / 1e9);
    }

    int pairs() {
        return pairs.size();
    }

    /** Runs one phase and returns what its steady part measured. */
    public PhaseResult run(Phase phase, Duration drainTimeout) throws InterruptedException {
        List<Long> timers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Pair p : pairs) {
            p.context().runOnContext(v -> p.start(phase, t0));
        }
        if (!phase.closedLoop()) {
            for (int i = 0; i < clients.threads(); i++) {
                Context ctx = clients.context(i);
                List<Pair> mine = new ArrayList<>();
                for (Pair p : pairs) {
                    if (p.context() == ctx) {
                        mine.add(p);
                    }
                }
                CompletableFuture<Long> timer = new CompletableFuture<>();
                ctx.runOnContext(v -> timer.complete(ctx.owner().setPeriodic(1, id -> {
                    long now = System.nanoTime();
                    for (Pair p : mine) {
                        p.pace(now);
                    }
                })));
                timers.add(timer.join());
            }
        }
        watch("warm-up", phase.warmup(), phase);

        probe.steadyStarted();
        latency.reset();
        ackLatency.reset();
        long r0 = received.sum();
        long a0 = acked.sum();
        double cpu0 = probe.serverCpuSeconds();
        double db0 = probe.databaseCpuSeconds();
        double gen0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        ThreadCpu serverThreads0 = ThreadCpu.of(probe.serverPids());
        ThreadCpu generatorThreads0 = ThreadCpu.of(List.of(ProcessHandle.current().pid()));
        long s0 = System.nanoTime();
        measuring = true;
        watch("steady", phase.steady(), phase);
        measuring = false;
        long s1 = System.nanoTime();
        long r1 = received.sum();
        long a1 = acked.sum();
        double cpu1 = probe.serverCpuSeconds();
        double db1 = probe.databaseCpuSeconds();
        double gen1 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        double seconds = (s1 - s0) / 1e9;
        Map<String, Double> serverThreads = ThreadCpu.of(probe.serverPids()).coresSince(serverThreads0, seconds);
        Map<String, Double> generatorThreads = ThreadCpu.of(List.of(ProcessHandle.current().pid()))
                .coresSince(generatorThreads0, seconds);
        long rss = probe.serverRssKib();
        Histogram lat = latency.total();
        Histogram ack = ackLatency.total();
        probe.steadyEnded();

        for (long id : timers) {
            clients.vertx().cancelTimer(id);
        }
        for (Pair p : pairs) {
            p.context().runOnContext(v -> p.stop());
        }
        drain(drainTimeout);
        return new PhaseResult(phase, r1 - r0, a1 - a0, seconds, lat, ack, cpu1 - cpu0, db1 - db0, rss,
                gen1 - gen0, serverThreads, generatorThreads);
    }

    private void watch(String stage, Duration length, Phase phase) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        long lastReceived = received.sum();
        long lastAt = System.nanoTime();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            long now = System.nanoTime();
            long r = received.sum();
            Histogram h = measuring ? latency.sample() : null;
            progress.line("[%s %s %s %d/%d s] %,.0f msg/s%s, in flight %,d%s", label, phase.describe(), stage,
                    Math.round((length.toNanos() - (end - now)) / 1e9), length.toSeconds(),
                    (r - lastReceived) / ((now - lastAt) / 1e9),
                    h == null || h.getTotalCount() == 0 ? ""
                            : String.format(", p99 %.2f ms", h.getValueAtPercentile(99) / 1000.0),
                    sent.sum() - r, problemCount.get() == 0 ? "" : ", PROBLEMS " + problemCount.get());
            lastReceived = r;
            lastAt = now;
        }
    }

    private void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrint = System.nanoTime();
        while (true) {
            // Pairs stop on their own event loop: a send may still be on its way right now, so
            // compare per pair only once sending has surely stopped (the loop runs again anyway).
            long s = sent.sum();
            if (received.sum() >= s && acked.sum() >= s) {
                TimeUnit.MILLISECONDS.sleep(20);
                if (sent.sum() == s && received.sum() >= s && acked.sum() >= s) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                problem(String.format("drain: after %d s, %,d of %,d messages not received and %,d not acked",
                        timeout.toSeconds(), s - received.sum(), s, s - acked.sum()));
                return;
            }
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(2)) {
                lastPrint = System.nanoTime();
                progress.line("[%s drain] %,d messages still in flight", label, s - received.sum());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * The final check of the run: empty if every message sent arrived exactly once and in order
     * and nothing went wrong on the way, else what did (the first few cases).
     */
    public List<String> verify() {
        List<String> failures = new ArrayList<>(problems);
        for (Pair p : pairs) {
            String v = p.verdict();
            if (v != null && failures.size() < MAX_PROBLEMS_KEPT * 2) {
                failures.add(v);
            }
        }
        if (problemCount.get() > problems.size()) {
            failures.add("... and " + (problemCount.get() - problems.size()) + " more problems");
        }
        return failures;
    }

    /**
     * {@link #verify()}, and a progress line saying whether every message arrived exactly once and
     * in order, how many were sent and received, and the first problems.
     */
    public List<String> verifyAndReport() {
        List<String> failures = verify();
        progress.line("[%s] %s: %,d messages sent, %,d received%s", label,
                failures.isEmpty() ? "every message arrived exactly once and in order" : "DELIVERY FAILED",
                totalSent(), totalReceived(),
                failures.isEmpty() ? "" : "; " + String.join("; ", failures.subList(0, Math.min(3, failures.size()))));
        return failures;
    }

    public long totalSent() {
        return sent.sum();
    }

    public long totalReceived() {
        return received.sum();
    }

    // ------------------------------------------------------------------ called by pairs

    void sent() {
        sent.increment();
    }

    void acked(long nanos) {
        acked.increment();
        if (measuring) {
            ackLatency.recordNanos(nanos);
        }
    }

    void received(long nanos) {
        received.increment();
        if (measuring) {
            latency.recordNanos(nanos);
        }
    }

    void problem(String what) {
        if (closing) {
            return;
        }
        if (problemCount.incrementAndGet() <= MAX_PROBLEMS_KEPT) {
            problems.add(what);
        }
    }

    /** Closes every link (problems reported while closing are ignored). */
    @Override
    public void close() {
        closing = true;
        for (Pair p : pairs) {
            p.close();
        }
    }
}
