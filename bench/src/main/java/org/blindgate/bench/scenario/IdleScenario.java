package org.blindgate.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blindgate.bench.process.Jfr;
import org.blindgate.bench.process.ProcStats;
import org.blindgate.bench.report.JsonLine;
import org.blindgate.bench.report.Table;
import org.blindgate.bench.target.GatewayTarget;

/**
 * {@code idle}: many authenticated connections that send nothing; the figure is the server's
 * resident memory per connection: (RSS with the connections − RSS before them) / connections,
 * each read after a full GC ({@code jcmd GC.run}) so that garbage does not count.
 */
public final class IdleScenario {

    /** Idle-specific settings. */
    public record Settings(int connections, int concurrency, Duration settle) {
    }

    /** File descriptors each process needs beyond one per connection (jars, database files, epoll, pipes). */
    public static final int SPARE_FILES = 300;

    private record Result(String db, long baselineKib, long withConnectionsKib, long withConnectionsNoGcKib,
            int open, long lost, List<String> failures) {
        double perConnectionKib() {
            return open == 0 ? Double.NaN : (withConnectionsKib - baselineKib) / (double) open;
        }
    }

    private final Common common;
    private final Settings settings;
    private final PrintStream out;

    public IdleScenario(Common common, Settings settings, PrintStream out) {
        this.common = common;
        this.settings = settings;
        this.out = out;
    }

    /**
     * Null if this process (and so the server it starts, which inherits its limits) may open
     * enough files for {@code connections}, else what to raise.
     */
    public static String fileLimitProblem(int connections) {
        long[] limits = ProcStats.openFileLimits();
        long need = connections + SPARE_FILES;
        if (limits[0] < 0 || limits[1] >= need) {
            return null;
        }
        return String.format("idle with %,d connections needs about %,d open files in this process and in the "
                + "server; the limit here is %,d (soft %,d). Raise it before running (as root: `ulimit -Hn %d; "
                + "ulimit -n %d`, or LimitNOFILE= for a systemd unit; a container may need --ulimit nofile=%d), "
                + "or run fewer: --connections %d", connections, need, limits[1], limits[0], need * 2, need * 2,
                need * 2, Math.max(2, limits[1] - SPARE_FILES) / 100 * 100);
    }

    public boolean run() {
        List<Result> results = new ArrayList<>();
        try (Run run = new Run(common, settings.connections())) {
            for (String db : common.dbs()) {
                results.add(runOne(run, db));
            }
        }
        Table table = new Table("db", "connections", "RSS before MiB", "RSS after MiB", "KiB/conn", "RSS no GC MiB",
                "check");
        for (Result r : results) {
            table.row(r.db(), r.open(), r.baselineKib() / 1024.0, r.withConnectionsKib() / 1024.0,
                    r.perConnectionKib(), r.withConnectionsNoGcKib() / 1024.0,
                    r.failures().isEmpty() ? "all stayed open" : "FAILED: " + r.failures().get(0));
        }
        out.printf("idle: %,d authenticated idle connections, %d s settle, RSS read after a full GC%n",
                settings.connections(), settings.settle().toSeconds());
        table.print(out);
        boolean passed = results.stream().allMatch(r -> r.failures().isEmpty());
        Result main = results.get(0);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "idle");
        json.put("db", main.db());
        json.put("connections", main.open());
        json.put("rssPerConnectionKiB", main.perConnectionKib());
        json.put("serverRssMiB", main.withConnectionsKib() / 1024.0);
        json.put("baselineRssMiB", main.baselineKib() / 1024.0);
        json.put("serverRssNoGcMiB", main.withConnectionsNoGcKib() / 1024.0);
        for (Result r : results.subList(1, results.size())) {
            json.put(r.db() + "RssPerConnectionKiB", r.perConnectionKib());
        }
        common.putVerdict(json, passed, results.stream().flatMap(r -> r.failures().stream()));
        out.println(JsonLine.write(json));
        return passed;
    }

    private Result runOne(Run run, String db) {
        List<String> failures = new ArrayList<>();
        try (GatewayTarget gateway = run.gateway(db)) {
            gateway.start();
            gateway.provision(settings.connections());
            long pid = gateway.pid();
            long baseline = settledRss(pid);
            try (Connections c = Connections.open(run, gateway, 0, settings.connections(), settings.concurrency())) {
                run.progress.line("[%s] %,d idle connections open; settling %d s", gateway.name(), c.links.size(),
                        settings.settle().toSeconds());
                Thread.sleep(settings.settle().toMillis());
                long noGc = ProcStats.rssKib(pid);
                long after = settledRss(pid);
                failures.addAll(c.problems);
                if (c.links.size() != settings.connections()) {
                    failures.add("only " + c.links.size() + " of " + settings.connections() + " connections opened");
                }
                if (c.lost.get() > 0) {
                    failures.add(c.lost.get() + " idle connections were closed by the server");
                }
                return new Result(gateway.name().substring("gateway-".length()), baseline, after, noGc,
                        c.links.size(), c.lost.get(), failures);
            }
        } catch (Exception e) {
            failures.add("could not run: " + e);
            return new Result(db, 0, 0, 0, 0, 0, failures);
        }
    }

    private static long settledRss(long pid) throws InterruptedException {
        Jfr.gc(pid);
        Thread.sleep(2000);
        return ProcStats.rssKib(pid);
    }
}
