package org.blindgate.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.blindgate.bench.load.BlobCycles;
import org.blindgate.bench.load.BlobCycles.Op;
import org.blindgate.bench.load.Latency;
import org.blindgate.bench.report.JsonLine;
import org.blindgate.bench.report.Table;
import org.blindgate.bench.target.BlobTarget;
import org.blindgate.bench.target.VaultTarget;

/**
 * {@code vault}: many users putting, fetching and deleting small blobs (PROTOCOL.md §4) in closed
 * loops, against the vault (on each storage asked for) and, in the same run with the same load,
 * the static-file baseline on the same framework. Figures: operations per second, latency per
 * operation type, server CPU per million operations, RSS; every GET's bytes are checked and the
 * storage must be empty at the end.
 */
public final class VaultScenario {

    /**
     * Vault-specific settings.
     *
     * @param baselineIoThreads the baseline's blocking-I/O workers (the vault's default pool is 8)
     * @param baselineFsync     whether the baseline forces each file to disk, as the vault does
     */
    public record Settings(int users, int blobBytes, Duration warmup, Duration steady, boolean baseline,
            int baselineIoThreads, boolean baselineFsync, int repeat) {
    }

    /** What one system did (its median repetition), or why it could not run. */
    private record Result(String name, String description, BlobCycles.Result run, List<String> failures,
            List<Double> runs) {

        boolean ran() {
            return run != null;
        }

        double opsPerSec() {
            return ran() ? run.opsPerSec() : Double.NaN;
        }

        double p(double percentile) {
            return ran() ? Latency.millis(run.all(), percentile) : Double.NaN;
        }

        static Result median(List<Result> reps) {
            List<Result> ran = reps.stream().filter(Result::ran)
                    .sorted(Comparator.comparingDouble(Result::opsPerSec)).toList();
            Result m = ran.isEmpty() ? reps.get(0) : ran.get((ran.size() - 1) / 2);
            return new Result(m.name(), m.description(), m.run(),
                    reps.stream().flatMap(r -> r.failures().stream()).toList(),
                    reps.stream().map(Result::opsPerSec).toList());
        }
    }

    private final Common common;
    private final Settings settings;
    private final PrintStream out;

    public VaultScenario(Common common, Settings settings, PrintStream out) {
        this.common = common;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the scenario, prints the table and the JSON line; true if every check passed. */
    public boolean run() {
        Map<String, List<Result>> byTarget = new LinkedHashMap<>();
        try (Run run = new Run(common, settings.users())) {
            for (int rep = 0; rep < settings.repeat(); rep++) {
                if (settings.repeat() > 1) {
                    run.progress.line("=== repetition %d of %d", rep + 1, settings.repeat());
                }
                List<Supplier<BlobTarget>> targets = new ArrayList<>();
                for (String db : common.dbs()) {
                    targets.add(() -> run.vault(db));
                }
                if (settings.baseline()) {
                    targets.add(() -> run.fileServer(settings.baselineIoThreads(), settings.baselineFsync()));
                }
                for (Supplier<BlobTarget> factory : targets) {
                    Result r = runTarget(run, factory.get());
                    byTarget.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Result> results = byTarget.values().stream().map(Result::median).toList();
        return report(results);
    }

    private Result runTarget(Run run, BlobTarget target) {
        try {
            target.start();
            target.provision(settings.users());
            try (BlobCycles cycles = new BlobCycles(target, run.clients, run.progress, settings.users(),
                    settings.blobBytes(), common.seed())) {
                BlobCycles.Result r = cycles.run(settings.warmup(), settings.steady(), common.drainTimeout());
                run.progress.line("[%s] %s: %,d operations in the steady phase; %,d GETs in the whole run compared byte for byte%s",
                        target.name(), r.failures().isEmpty() ? "every blob read back intact and deleted" : "FAILED",
                        r.totalOps(), r.verifiedGets(), r.failures().isEmpty() ? ""
                                : "; " + String.join("; ", r.failures().subList(0, Math.min(3, r.failures().size()))));
                return new Result(target.name(), target.description(), r, r.failures(), List.of());
            }
        } catch (Exception e) {
            run.progress.line("[%s] could not run: %s", target.name(), e);
            return new Result(target.name(), target.description(), null, List.of("could not run: " + e), List.of());
        } finally {
            target.close();
            run.untrack(target);
        }
    }

    private boolean report(List<Result> results) {
        Table table = new Table("system", "op", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "CPU s/M ops",
                "DB CPU s/M", "RSS MiB", "gen CPU s", "repetitions ops/s");
        for (Result r : results) {
            if (!r.ran()) {
                table.row(r.name(), "did not run");
                continue;
            }
            BlobCycles.Result x = r.run();
            table.row(r.name(), "all", x.opsPerSec(), Latency.millis(x.all(), 50), Latency.millis(x.all(), 99),
                    Latency.millis(x.all(), 99.9), Latency.maxMillis(x.all()), x.serverCpuSecPerMillion(),
                    x.databaseCpu() == 0 ? null : x.databaseCpuSecPerMillion(), x.serverRssKib() / 1024.0,
                    x.generatorCpu(), r.runs().size() > 1
                            ? String.join(" ", r.runs().stream().map(Table::cell).toList()) : "");
            for (Op op : Op.values()) {
                Histogram h = x.latency().get(op);
                table.row("", op.name(), x.opsPerSec(op), Latency.millis(h, 50), Latency.millis(h, 99),
                        Latency.millis(h, 99.9), Latency.maxMillis(h));
            }
        }
        out.printf("vault: %d users in closed loops (user i puts a %,d-byte blob for user i+1's device; that user "
                + "gets it, compares the bytes, deletes it), warm-up %d s, steady %d s%n", settings.users(),
                settings.blobBytes(), settings.warmup().toSeconds(), settings.steady().toSeconds());
        out.printf("vault upload rate limit raised with --vault-upload-burst %d (default: burst 300, then 10/s per "
                + "user), so it never refuses; it is still checked on every PUT%n", VaultTarget.UPLOAD_BURST);
        table.print(out);
        Result vault = results.get(0);
        Result baseline = results.stream().filter(r -> r.name().equals("baseline")).findFirst().orElse(null);
        for (Result r : results) {
            if (r != baseline && baseline != null && baseline.ran()) {
                out.printf(Locale.ROOT, "%s / baseline: %.2f of the ops/s, %.1fx the p99%n", r.name(),
                        r.opsPerSec() / baseline.opsPerSec(), r.p(99) / baseline.p(99));
            }
            if (!r.failures().isEmpty()) {
                out.printf("%s FAILED: %s%n", r.name(), String.join("; ",
                        r.failures().subList(0, Math.min(5, r.failures().size()))));
            }
        }
        boolean passed = results.stream().allMatch(r -> r.ran() && r.failures().isEmpty());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "vault");
        json.put("db", common.dbs().get(0));
        json.put("users", settings.users());
        json.put("blobBytes", settings.blobBytes());
        json.put("warmupSec", settings.warmup().toSeconds());
        json.put("steadySec", settings.steady().toSeconds());
        json.put("repeat", settings.repeat());
        json.put("uploadBurst", VaultTarget.UPLOAD_BURST);
        json.putAll(figures(vault));
        json.put("verifiedGets", vault.ran() ? vault.run().verifiedGets() : 0);
        for (Result r : results.subList(1, common.dbs().size())) {
            String db = r.name().substring("vault-".length());
            json.put(db + "OpsPerSec", r.opsPerSec());
            json.put(db + "P99Ms", r.p(99));
        }
        double base = baseline == null ? Double.NaN : baseline.opsPerSec();
        double baseP99 = baseline == null ? Double.NaN : baseline.p(99);
        json.put("baselineOpsPerSec", base);
        json.put("baselineP99Ms", baseP99);
        json.put("ratioToBaseline", vault.opsPerSec() / base);
        json.put("p99RatioToBaseline", vault.p(99) / baseP99);
        for (Result r : results.subList(1, common.dbs().size())) {
            json.put(r.name().substring("vault-".length()) + "RatioToBaseline", r.opsPerSec() / base);
        }
        common.putVerdict(json, passed, results.stream().flatMap(r -> r.failures().stream()));
        json.put("targets", results.stream().map(VaultScenario::target).toList());
        out.println(JsonLine.write(json));
        out.flush();
        return passed;
    }

    /** opsPerSec, latency percentiles (overall and per operation type), CPU and memory of one system. */
    private static Map<String, Object> figures(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        BlobCycles.Result x = r.run();
        m.put("opsPerSec", r.opsPerSec());
        m.put("p50Ms", r.p(50));
        m.put("p99Ms", r.p(99));
        m.put("p999Ms", r.p(99.9));
        m.put("maxMs", x == null ? null : Latency.maxMillis(x.all()));
        for (Op op : Op.values()) {
            String key = op.name().toLowerCase(Locale.ROOT);
            Histogram h = x == null ? new Histogram(3) : x.latency().get(op);
            m.put(key + "OpsPerSec", x == null ? null : x.opsPerSec(op));
            m.put(key + "P50Ms", Latency.millis(h, 50));
            m.put(key + "P99Ms", Latency.millis(h, 99));
            m.put(key + "P999Ms", Latency.millis(h, 99.9));
        }
        m.put("serverCpuSecPerMillion", x == null ? null : x.serverCpuSecPerMillion());
        m.put("dbCpuSecPerMillion", x == null || x.databaseCpu() == 0 ? null : x.databaseCpuSecPerMillion());
        m.put("serverRssMiB", x == null ? null : x.serverRssKib() / 1024.0);
        m.put("generatorCpuSec", x == null ? null : x.generatorCpu());
        return m;
    }

    private static Map<String, Object> target(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("description", r.description());
        m.put("passed", r.ran() && r.failures().isEmpty());
        if (!r.failures().isEmpty()) {
            m.put("failures", r.failures());
        }
        if (r.runs().size() > 1) {
            m.put("repetitionsOpsPerSec", r.runs());
        }
        if (r.ran()) {
            m.putAll(figures(r));
            m.put("seconds", r.run().seconds());
            m.put("verifiedGets", r.run().verifiedGets());
        }
        return m;
    }
}
