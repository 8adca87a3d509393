package org.blindgate.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.blindgate.bench.load.Latency;
import org.blindgate.bench.process.ProcStats;
import org.blindgate.bench.process.ThreadCpu;
import org.blindgate.bench.report.JsonLine;
import org.blindgate.bench.report.Table;
import org.blindgate.bench.target.GatewayTarget;

/**
 * {@code connect}: authenticated WebSocket connections established per second. Users are
 * registered and logged in first (untimed); then {@code connections} upgrades with their bearer
 * tokens are opened, {@code concurrency} at a time.
 */
public final class ConnectScenario {

    /** Connect-specific settings. */
    public record Settings(int connections, int concurrency, int warmupConnections, Duration warmup) {
    }

    private record Result(String db, double perSec, Histogram latency, double cpuMsPerConnection, long rssKib,
            List<String> failures, Map<String, Double> serverThreads, Map<String, Double> generatorThreads) {
    }

    private final Common common;
    private final Settings settings;
    private final PrintStream out;

    public ConnectScenario(Common common, Settings settings, PrintStream out) {
        this.common = common;
        this.settings = settings;
        this.out = out;
    }

    public boolean run() {
        List<Result> results = new ArrayList<>();
        try (Run run = new Run(common, settings.connections())) {
            for (String db : common.dbs()) {
                results.add(runOne(run, db));
            }
        }
        Table table = new Table("db", "conn/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "CPU ms/conn", "RSS MiB",
                "check");
        for (Result r : results) {
            table.row(r.db(), r.perSec(), Latency.millis(r.latency(), 50), Latency.millis(r.latency(), 99),
                    Latency.millis(r.latency(), 99.9), Latency.maxMillis(r.latency()), r.cpuMsPerConnection(),
                    r.rssKib() / 1024.0, r.failures().isEmpty() ? "all connected" : "FAILED: " + r.failures().get(0));
        }
        out.printf("connect: %,d authenticated WebSocket connections, %d upgrades in flight, after %d s of warm-up "
                + "rounds of %,d connections%n", settings.connections(), settings.concurrency(),
                settings.warmup().toSeconds(), settings.warmupConnections());
        table.print(out);
        out.printf("where the CPU went while connecting (cores of %d per thread group):%n",
                Runtime.getRuntime().availableProcessors());
        for (Result r : results) {
            out.printf("  gateway-%s: %s | generator: %s%n", r.db(), ThreadCpu.describe(r.serverThreads()),
                    ThreadCpu.describe(r.generatorThreads()));
        }
        boolean passed = results.stream().allMatch(r -> r.failures().isEmpty());
        Result main = results.get(0);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "connect");
        json.put("db", main.db());
        json.put("connections", settings.connections());
        json.put("concurrency", settings.concurrency());
        json.put("warmupConnections", settings.warmupConnections());
        json.put("warmupSec", settings.warmup().toSeconds());
        json.put("connectsPerSec", main.perSec());
        json.put("p50Ms", Latency.millis(main.latency(), 50));
        json.put("p99Ms", Latency.millis(main.latency(), 99));
        json.put("p999Ms", Latency.millis(main.latency(), 99.9));
        json.put("maxMs", Latency.maxMillis(main.latency()));
        json.put("serverCpuMsPerConnection", main.cpuMsPerConnection());
        json.put("serverRssMiB", main.rssKib() / 1024.0);
        json.put("serverThreadCores", main.serverThreads());
        json.put("generatorThreadCores", main.generatorThreads());
        for (Result r : results.subList(1, results.size())) {
            json.put(r.db() + "ConnectsPerSec", r.perSec());
            json.put(r.db() + "P99Ms", Latency.millis(r.latency(), 99));
        }
        common.putVerdict(json, passed, results.stream().flatMap(r -> r.failures().stream()));
        out.println(JsonLine.write(json));
        return passed;
    }

    private Result runOne(Run run, String db) {
        List<String> failures = new ArrayList<>();
        try (GatewayTarget gateway = run.gateway(db)) {
            gateway.start();
            gateway.provision(settings.connections() + settings.warmupConnections());
            if (settings.warmupConnections() > 0) {
                // Untimed rounds that warm the JIT up on the upgrade path (token signature check,
                // device lookup) in the gateway and in this generator.
                long end = System.nanoTime() + settings.warmup().toNanos();
                do {
                    try (Connections warm = Connections.open(run, gateway, settings.connections(),
                            settings.warmupConnections(), settings.concurrency())) {
                        run.progress.line("[%s] warm-up: %,d connections in %.2f s", gateway.name(),
                                warm.links.size(), warm.seconds);
                    }
                } while (System.nanoTime() < end);
                Thread.sleep(1000);
            }
            gateway.startRecording();
            double cpu0 = ProcStats.cpuSeconds(gateway.pid());
            List<Long> generator = List.of(ProcessHandle.current().pid());
            ThreadCpu serverThreads0 = ThreadCpu.of(List.of(gateway.pid()));
            ThreadCpu generatorThreads0 = ThreadCpu.of(generator);
            try (Connections c = Connections.open(run, gateway, 0, settings.connections(), settings.concurrency())) {
                double cpu = ProcStats.cpuSeconds(gateway.pid()) - cpu0;
                Map<String, Double> serverThreads = ThreadCpu.of(List.of(gateway.pid()))
                        .coresSince(serverThreads0, c.seconds);
                Map<String, Double> generatorThreads = ThreadCpu.of(generator).coresSince(generatorThreads0, c.seconds);
                gateway.stopRecording("connections");
                long rss = ProcStats.rssKib(gateway.pid());
                failures.addAll(c.problems);
                if (c.links.size() != settings.connections()) {
                    failures.add("only " + c.links.size() + " of " + settings.connections() + " connections opened");
                }
                double perSec = c.links.size() / c.seconds;
                run.progress.line("[%s] %,d connections in %.2f s: %,.0f/s", gateway.name(), c.links.size(), c.seconds,
                        perSec);
                return new Result(gateway.name().substring("gateway-".length()), perSec, c.latency.total(),
                        cpu * 1000 / Math.max(1, c.links.size()), rss, failures, serverThreads, generatorThreads);
            }
        } catch (Exception e) {
            failures.add("could not run: " + e);
            return new Result(db, Double.NaN, new Histogram(3), Double.NaN, 0, failures, Map.of(), Map.of());
        }
    }
}
