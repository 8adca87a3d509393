package org.blindgate.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.blindgate.bench.process.ProcStats;
import org.blindgate.bench.target.BlobTarget;

/**
 * Closed-loop blob traffic: each of {@code users} users in turn puts a blob of random bytes for the
 * next user's device, and that user fetches it, checks that the bytes are exactly those put, and
 * deletes it; then the cycle starts again. So each user has one request in flight at a time, and
 * every user both uploads and downloads. Each PUT, GET and DELETE counts as one operation, with its
 * own latency (request sent to response body read) in an HdrHistogram.
 *
 * <p>Phases: warm-up (counted, not measured), steady (measured), drain (every user finishes its
 * cycle, so no blob is left behind), then the checks: a GET of each user's last deleted blob must
 * answer 404, and the system's storage must hold nothing. An unexpected status or different bytes
 * stops that user and fails the run.
 */
public final class BlobCycles implements AutoCloseable {

    /** An operation of a cycle. */
    public enum Op {
        PUT, GET, DELETE
    }

    /**
     * What the steady phase measured.
     *
     * @param ops          operations completed during the steady phase, by type
     * @param latency      their latencies, by type
     * @param all          the latencies of all of them
     * @param serverCpu    CPU seconds of the server process(es) during the steady phase
     * @param databaseCpu  CPU seconds of the database backends serving it (PostgreSQL), else 0
     * @param serverRssKib resident memory of the server process(es) at the end of the steady phase
     * @param generatorCpu CPU seconds of the load generator (this process) during the steady phase
     * @param verifiedGets GETs whose bytes were compared with the PUT's, over the whole run
     * @param failures     what went wrong (empty if every check passed)
     */
    public record Result(double seconds, Map<Op, Long> ops, Map<Op, Histogram> latency, Histogram all,
            double serverCpu, double databaseCpu, long serverRssKib, double generatorCpu, long verifiedGets,
            List<String> failures) {

        public long totalOps() {
            return ops.values().stream().mapToLong(Long::longValue).sum();
        }

        public double opsPerSec() {
            return totalOps() / seconds;
        }

        public double opsPerSec(Op op) {
            return ops.get(op) / seconds;
        }

        public double serverCpuSecPerMillion() {
            return totalOps() == 0 ? Double.NaN : serverCpu / totalOps() * 1e6;
        }

        public double databaseCpuSecPerMillion() {
            return totalOps() == 0 ? Double.NaN : databaseCpu / totalOps() * 1e6;
        }
    }

    private final BlobTarget target;
    private final Clients clients;
    private final Progress progress;
    private final int users;
    private final int blobBytes;
    private final long seed;
    private final HttpClient http;
    private final Map<Op, LongAdder> counts = new EnumMap<>(Op.class);
    private final Map<Op, Latency> latencies = new EnumMap<>(Op.class);
    private final Latency all = new Latency();
    private final LongAdder verified = new LongAdder();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger problemCount = new AtomicInteger();
    private final List<User> started = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean measuring;

    /** @param seed of the blobs' bytes and message ids */
    public BlobCycles(BlobTarget target, Clients clients, Progress progress, int users, int blobBytes, long seed) {
        this.target = target;
        this.clients = clients;
        this.progress = progress;
        this.users = users;
        this.blobBytes = blobBytes;
        this.seed = seed;
        // Keep-alive, one connection per user at most: each user has one request in flight.
        this.http = clients.vertx().createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(users));
        for (Op op : Op.values()) {
            counts.put(op, new LongAdder());
            latencies.put(op, new Latency());
        }
    }

    /** Runs warm-up, steady phase, drain and checks (the target must be started and provisioned). */
    public Result run(Duration warmup, Duration steady, Duration drainTimeout) throws Exception {
        long runBits = new SplittableRandom(seed).nextLong();
        for (int i = 0; i < users; i++) {
            User u = new User(i, (i + 1) % users, clients.context(i), new SplittableRandom(seed + i), runBits);
            started.add(u);
            u.context.runOnContext(v -> u.cycle());
        }
        tick("warm-up", warmup);

        target.steadyStarted();
        Map<Op, Long> before = snapshot();
        all.reset();
        latencies.values().forEach(Latency::reset);
        long pid = ProcessHandle.current().pid();
        double gen0 = ProcStats.cpuSeconds(pid);
        double cpu0 = target.serverCpuSeconds();
        double db0 = target.databaseCpuSeconds();
        long t0 = System.nanoTime();
        measuring = true;
        tick("steady", steady);
        measuring = false;
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<Op, Long> after = snapshot();
        double cpu = target.serverCpuSeconds() - cpu0;
        double db = target.databaseCpuSeconds() - db0;
        double gen = ProcStats.cpuSeconds(pid) - gen0;
        long rss = target.serverRssKib();
        target.steadyEnded();

        running = false;
        List<String> checks = new ArrayList<>();
        drain(drainTimeout, checks);
        checkDeleted(checks);
        long left = target.storedBlobs();
        if (left != 0) {
            checks.add(left + " blobs (or their files or rows) remain after every one was deleted");
        }
        List<String> failures = new ArrayList<>(problems);
        failures.addAll(checks);

        Map<Op, Long> ops = new EnumMap<>(Op.class);
        Map<Op, Histogram> latency = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            ops.put(op, after.get(op) - before.get(op));
            latency.put(op, latencies.get(op).total());
        }
        return new Result(seconds, ops, latency, all.total(), cpu, db, rss, gen, verified.sum(), failures);
    }

    private Map<Op, Long> snapshot() {
        Map<Op, Long> m = new EnumMap<>(Op.class);
        counts.forEach((op, n) -> m.put(op, n.sum()));
        return m;
    }

    private void tick(String stage, Duration length) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long last = counted();
        long lastAt = start;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            long now = System.nanoTime();
            long n = counted();
            Histogram h = measuring ? all.sample() : null;
            progress.line("[%s %s %d/%d s] %,.0f ops/s%s%s", target.name(), stage,
                    Math.round((now - start) / 1e9), length.toSeconds(), (n - last) / ((now - lastAt) / 1e9),
                    h == null || h.getTotalCount() == 0 ? ""
                            : String.format(", p99 %.2f ms", h.getValueAtPercentile(99) / 1000.0),
                    problemCount.get() == 0 ? "" : ", PROBLEMS " + problemCount.get());
            last = n;
            lastAt = now;
        }
    }

    private long counted() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private void drain(Duration timeout, List<String> failures) {
        try {
            CompletableFuture.allOf(started.stream().map(u -> u.done).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            long busy = started.stream().filter(u -> !u.done.isDone()).count();
            failures.add(busy + " users had not finished their cycle " + timeout.toSeconds() + " s after the end");
        }
    }

    /** A GET of each user's last deleted blob must find nothing. */
    private void checkDeleted(List<String> failures) throws Exception {
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (User u : started) {
            if (u.lastDeleted == null) {
                continue;
            }
            CompletableFuture<Void> check = new CompletableFuture<>();
            checks.add(check);
            u.context.runOnContext(v -> exchange(null, target.get(u.recipient, u.lastDeleted), null, 404)
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            problem("GET of a deleted blob: " + ar.cause().getMessage());
                        }
                        check.complete(null);
                    }));
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        if (checks.isEmpty()) {
            failures.add("no cycle completed");
        }
    }

    /**
     * Sends one request and reads the whole answer; fails unless the status is {@code expected}.
     * Counted and timed as {@code op} (null: a check, neither counted nor timed).
     */
    private Future<Buffer> exchange(Op op, RequestOptions options, Buffer body, int expected) {
        long t0 = System.nanoTime();
        return http.request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() != expected) {
                        throw new IllegalStateException(options.getMethod() + " " + options.getURI() + " answered "
                                + resp.statusCode() + " (expected " + expected + "): "
                                + b.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                    }
                    if (op != null) {
                        counts.get(op).increment();
                        if (measuring) {
                            long nanos = System.nanoTime() - t0;
                            latencies.get(op).recordNanos(nanos);
                            all.recordNanos(nanos);
                        }
                    }
                    return b;
                }));
    }

    private void problem(String what) {
        if (problemCount.incrementAndGet() <= 20) {
            problems.add(what);
        }
    }

    /** One user's loop; everything it touches runs on its context. */
    private final class User {
        final int index;
        final int recipient;
        final Context context;
        final SplittableRandom random;
        final long runBits;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long counter;
        /** Read after {@link #done} completes, which orders it after the last write. */
        volatile UUID lastDeleted;

        User(int index, int recipient, Context context, SplittableRandom random, long runBits) {
            this.index = index;
            this.recipient = recipient;
            this.context = context;
            this.random = random;
            this.runBits = runBits;
        }

        void cycle() {
            if (!running) {
                done.complete(null);
                return;
            }
            // Unique per run, user and cycle; UUID.toString() is the lowercase form the vault wants.
            UUID id = new UUID(runBits, ((long) index << 32) | ++counter);
            byte[] bytes = new byte[blobBytes];
            random.nextBytes(bytes);
            exchange(Op.PUT, target.put(index, recipient, id), Buffer.buffer(bytes), 201)
                    .compose(x -> exchange(Op.GET, target.get(recipient, id), null, 200))
                    .compose(got -> {
                        if (!Arrays.equals(got.getBytes(), bytes)) {
                            throw new IllegalStateException("GET of blob " + id + " returned " + got.length()
                                    + " bytes that differ from the " + bytes.length + " put");
                        }
                        verified.increment();
                        return exchange(Op.DELETE, target.delete(recipient, id), null, 204);
                    })
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            problem("user " + index + ": " + ar.cause().getMessage());
                            done.complete(null);
                        } else {
                            lastDeleted = id;
                            cycle();
                        }
                    });
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
