package org.blindgate.bench.scenario;

import io.vertx.core.Context;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.blindgate.bench.load.Link;
import org.blindgate.bench.process.ProcStats;
import org.blindgate.bench.report.JsonLine;
import org.blindgate.bench.report.Table;
import org.blindgate.bench.target.GatewayTarget;
import org.blindgate.bench.target.JsonLink;

/**
 * {@code sync}: a recipient is offline while {@code messages} messages queue for it (sent by
 * several senders, each acknowledged, so each is durable); then it connects and replays them with
 * {@code sync} pages until {@code hasMore} is false. Measures replay msgs/s (first sync to last
 * {@code sync.done}) and the time from starting to connect to the last {@code sync.done}, and
 * checks that the replay holds every message exactly once, seq 1..N without gaps, and each
 * sender's messages in the order sent.
 */
public final class SyncScenario {

    /** Sync-specific settings. */
    public record Settings(int messages, int senders, int page, int window, int warmupRounds, int rounds) {
    }

    private final Common common;
    private final Settings settings;
    private final PrintStream out;

    public SyncScenario(Common common, Settings settings, PrintStream out) {
        this.common = common;
        this.settings = settings;
        this.out = out;
    }

    private record Result(String db, double fillMsgsPerSec, double connectMs, double replayMsgsPerSec,
            double timeToSyncDoneMs, double serverCpuSecPerMillion, long rssKib, List<String> failures) {
    }

    public boolean run() {
        List<Result> results = new ArrayList<>();
        try (Run run = new Run(common, settings.senders() + 1)) {
            for (String db : common.dbs()) {
                results.add(runOne(run, db));
            }
        }
        Table table = new Table("db", "fill msg/s", "connect ms", "replay msg/s", "to sync.done ms",
                "CPU s/M msg", "RSS MiB", "check");
        for (Result r : results) {
            table.row(r.db(), r.fillMsgsPerSec(), r.connectMs(), r.replayMsgsPerSec(), r.timeToSyncDoneMs(),
                    r.serverCpuSecPerMillion(), r.rssKib() / 1024.0,
                    r.failures().isEmpty() ? "exactly once, in order" : "FAILED: " + r.failures().get(0));
        }
        out.printf("sync: %,d messages from %d senders queued for an offline recipient, replayed in pages of %d "
                + "(mean of %d rounds after %d warm-up rounds)%n", settings.messages(), settings.senders(), settings.page(),
                settings.rounds(), settings.warmupRounds());
        table.print(out);
        boolean passed = results.stream().allMatch(r -> r.failures().isEmpty());
        Result main = results.get(0);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "sync");
        json.put("db", main.db());
        json.put("messages", settings.messages());
        json.put("senders", settings.senders());
        json.put("pageSize", settings.page());
        json.put("rounds", settings.rounds());
        json.put("warmupRounds", settings.warmupRounds());
        json.put("replayMsgsPerSec", main.replayMsgsPerSec());
        json.put("timeToSyncDoneMs", main.timeToSyncDoneMs());
        json.put("connectMs", main.connectMs());
        json.put("fillMsgsPerSec", main.fillMsgsPerSec());
        json.put("serverCpuSecPerMillion", main.serverCpuSecPerMillion());
        json.put("serverRssMiB", main.rssKib() / 1024.0);
        for (Result r : results.subList(1, results.size())) {
            json.put(r.db() + "ReplayMsgsPerSec", r.replayMsgsPerSec());
            json.put(r.db() + "TimeToSyncDoneMs", r.timeToSyncDoneMs());
        }
        common.putVerdict(json, passed, results.stream().flatMap(r -> r.failures().stream()));
        out.println(JsonLine.write(json));
        return passed;
    }

    private Result runOne(Run run, String db) {
        List<String> failures = new ArrayList<>();
        try (GatewayTarget gateway = run.gateway(db)) {
            gateway.start();
            int group = settings.senders() + 1;
            int rounds = settings.warmupRounds() + settings.rounds();
            gateway.provision(group * rounds);
            // The warm-up rounds let the JIT compile the replay path (a replay of 10,000 lasts well
            // under a second); the figures are the mean of the later rounds, each with a fresh
            // recipient and fresh senders.
            List<Result> measured = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double fill = fill(run, gateway, round * group, failures);
                if (!failures.isEmpty()) {
                    return new Result(db, fill, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, failures);
                }
                if (round == rounds - 1) {
                    gateway.startRecording();
                }
                Result r = replay(run, gateway, round * group, fill, failures);
                if (round == rounds - 1) {
                    gateway.stopRecording("last replay");
                }
                if (round >= settings.warmupRounds()) {
                    measured.add(r);
                }
            }
            return new Result(measured.get(0).db(), mean(measured, Result::fillMsgsPerSec),
                    mean(measured, Result::connectMs), mean(measured, Result::replayMsgsPerSec),
                    mean(measured, Result::timeToSyncDoneMs), mean(measured, Result::serverCpuSecPerMillion),
                    measured.get(measured.size() - 1).rssKib(), failures);
        } catch (Exception e) {
            failures.add("could not run: " + e);
            return new Result(db, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, failures);
        }
    }

    private static double mean(List<Result> rs, ToDoubleFunction<Result> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** Senders base+1..base+S each send their share to the offline recipient (account base), W at a time, until all are acked. */
    private double fill(Run run, GatewayTarget gateway, int base, List<String> failures) throws Exception {
        int senders = settings.senders();
        AtomicLong acked = new AtomicLong();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Link> links = new ArrayList<>();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int s = 1; s <= senders; s++) {
            int sender = s;
            long share = settings.messages() / senders + (s <= settings.messages() % senders ? 1 : 0);
            Context ctx = run.clients.context(s);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            long[] next = {1};
            long[] ackedHere = {0};
            Link[] self = new Link[1];
            Link.Listener listener = new Link.Listener() {
                @Override
                public void acked(int from, long counter) {
                    acked.incrementAndGet();
                    if (++ackedHere[0] == share) {
                        finished.complete(null);
                    } else if (next[0] <= share) {
                        self[0].send(sender, next[0]++);
                    }
                }

                @Override
                public void received(int from, long counter, long seq) {
                    problems.add("sender " + sender + " received a message");
                }

                @Override
                public void problem(String what) {
                    problems.add("sender " + sender + ": " + what);
                    finished.completeExceptionally(new IllegalStateException(what));
                }
            };
            Link link = gateway.open(s, base + s, gateway.account(base).userId(), ctx, listener)
                    .get(60, TimeUnit.SECONDS);
            self[0] = link;
            links.add(link);
            ctx.runOnContext(v -> {
                for (int i = 0; i < settings.window() && next[0] <= share; i++) {
                    link.send(sender, next[0]++);
                }
            });
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            failures.add("filling the queue failed after " + acked.get() + " acks: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        failures.addAll(problems);
        links.forEach(Link::close);
        run.progress.line("[%s] %,d messages queued for the offline recipient in %.1f s", gateway.name(),
                acked.get(), seconds);
        return acked.get() / seconds;
    }

    private Result replay(Run run, GatewayTarget gateway, int base, double fill, List<String> failures)
            throws Exception {
        int total = settings.messages();
        Context ctx = run.clients.context(0);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long[] expectedCounter = new long[settings.senders() + 1];
        Arrays.fill(expectedCounter, 1);
        long[] lastSeq = {0};
        long[] received = {0};
        long[] syncStarted = {0};
        JsonLink[] link = new JsonLink[1];
        Link.Listener listener = new Link.Listener() {
            @Override
            public void acked(int from, long counter) {
            }

            @Override
            public void received(int from, long counter, long seq) {
                received[0]++;
                if (from < 1 || from > settings.senders() || counter != expectedCounter[from]) {
                    if (failures.size() < 10) {
                        failures.add("replay: message " + counter + " of sender " + from + " out of order");
                    }
                } else {
                    expectedCounter[from]++;
                }
                if (seq != lastSeq[0] + 1 && failures.size() < 10) {
                    failures.add("replay: seq " + seq + " after " + lastSeq[0]);
                }
                lastSeq[0] = seq;
            }

            @Override
            public void syncDone(long last, boolean hasMore) {
                if (hasMore) {
                    link[0].sync(last, settings.page());
                } else {
                    finished.complete(null);
                }
            }

            @Override
            public void problem(String what) {
                failures.add("recipient: " + what);
                finished.completeExceptionally(new IllegalStateException(what));
            }
        };
        long pid = gateway.pid();
        long t0 = System.nanoTime();
        link[0] = (JsonLink) gateway.open(0, base, null, ctx, listener).get(60, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        double cpu0 = ProcStats.cpuSeconds(pid);
        ctx.runOnContext(v -> {
            syncStarted[0] = System.nanoTime();
            link[0].sync(0, settings.page());
        });
        try {
            finished.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            failures.add("replay did not finish: " + e.getMessage());
        }
        long t2 = System.nanoTime();
        double cpu = ProcStats.cpuSeconds(pid) - cpu0;
        long rss = ProcStats.rssKib(pid);
        link[0].close();
        // The listener ran on ctx; a task on ctx orders its writes before these reads.
        CompletableFuture<long[]> seen = new CompletableFuture<>();
        ctx.runOnContext(v -> seen.complete(new long[] {received[0], lastSeq[0], syncStarted[0]}));
        long[] s = seen.get(10, TimeUnit.SECONDS);
        if (s[0] != total || s[1] != total) {
            failures.add("replay: received " + s[0] + " messages up to seq " + s[1] + ", expected " + total);
        }
        double replaySeconds = (t2 - s[2]) / 1e9;
        run.progress.line("[%s] replayed %,d messages in %.3f s", gateway.name(), s[0], replaySeconds);
        return new Result(gateway.name().substring("gateway-".length()), fill, (t1 - t0) / 1e6,
                total / replaySeconds, (t2 - t0) / 1e6, cpu / total * 1e6, rss, failures);
    }
}
