package org.blindgate.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.load.Phase;
import org.blindgate.bench.load.PhaseResult;
import org.blindgate.bench.load.Probe;
import org.blindgate.bench.report.JsonLine;
import org.blindgate.bench.report.Table;
import org.blindgate.bench.target.E2eTarget;
import org.blindgate.bench.target.GatewayTarget;

/**
 * {@code e2e}: sender/recipient pairs of real SDK clients, each message the SDK's whole path
 * (encrypt per recipient device, PUT to the vault, metadata frame, ack; the recipient fetches,
 * decrypts, stores, acknowledges delivery and deletes the blob), next to the metadata-only figure
 * of the same gateway process under the same pairs and window (the {@code pairs} load generator's
 * raw frames), so the ratio between them is measured within one run.
 *
 * <p>Per repetition and database: start the gateway and a vault checking its tokens; SDK clients
 * (registered, connected and greeted both ways before timing), warm-up, steady phase, drain, and
 * the check that every message arrived exactly once, in order and with its text; then, with the
 * SDK clients closed, the metadata-only phase with raw connections. The SDK clients run in the bench JVM: their CPU (libsignal,
 * store writes, HTTP) is the generator's, a client-side cost.
 */
public final class E2eScenario {

    /**
     * E2e-specific settings.
     *
     * @param textChars length of each message's text, before the SDK pads it to a multiple of 160 bytes
     */
    public record Settings(int pairs, int window, int textChars, Duration warmup, Duration steady, int repeat) {
    }

    /** One repetition on one database: both loads on the same gateway process, one after the other. */
    private record Rep(TargetResult e2e, TargetResult metadata, double gatewayCpu, double vaultCpu) {

        double ratio() {
            return e2e.msgsPerSec() / metadata.msgsPerSec();
        }

        double p99Ratio() {
            return e2e.p99() / metadata.p99();
        }

        List<String> failures() {
            List<String> all = new ArrayList<>(e2e.failures());
            all.addAll(metadata.failures());
            return all;
        }

        /** Per million e2e messages, from CPU seconds of the steady phase. */
        double perMillion(double cpuSeconds) {
            return e2e.ran() && e2e.main().received() > 0 ? cpuSeconds / e2e.main().received() * 1e6 : Double.NaN;
        }

        double generatorCpuMsPerMessage() {
            return perMillion(e2e.ran() ? e2e.main().generatorCpu() : Double.NaN) / 1e3;
        }
    }

    /** A database's median repetition (by e2e msg/s) with every repetition's figures. */
    private record Result(String db, Rep median, List<Rep> reps) {

        static Result of(String db, List<Rep> reps) {
            List<Rep> ranked = reps.stream().filter(r -> r.e2e().ran())
                    .sorted(Comparator.comparingDouble(r -> r.e2e().msgsPerSec())).toList();
            return new Result(db, ranked.isEmpty() ? reps.get(0) : ranked.get((ranked.size() - 1) / 2), reps);
        }

        boolean passed() {
            return reps.stream().allMatch(r -> r.e2e().ran() && r.metadata().ran() && r.failures().isEmpty());
        }

        List<String> failures() {
            return reps.stream().flatMap(r -> r.failures().stream()).toList();
        }

        List<Double> each(java.util.function.ToDoubleFunction<Rep> figure) {
            return reps.stream().map(r -> figure.applyAsDouble(r)).toList();
        }
    }

    private final Common common;
    private final Settings settings;
    private final PrintStream out;

    public E2eScenario(Common common, Settings settings, PrintStream out) {
        this.common = common;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the scenario, prints the table and the JSON line; true if every check passed. */
    public boolean run() {
        Map<String, List<Rep>> byDb = new LinkedHashMap<>();
        try (Run run = new Run(common, 4 * settings.pairs())) {
            for (int rep = 0; rep < settings.repeat(); rep++) {
                if (settings.repeat() > 1) {
                    run.progress.line("=== repetition %d of %d", rep + 1, settings.repeat());
                }
                for (String db : common.dbs()) {
                    byDb.computeIfAbsent(db, k -> new ArrayList<>()).add(runSystem(run, db));
                }
            }
        }
        List<Result> results = new ArrayList<>();
        byDb.forEach((db, reps) -> results.add(Result.of(db, reps)));
        return report(results);
    }

    private Rep runSystem(Run run, String db) {
        E2eTarget system = run.e2e(db, settings.textChars());
        GatewayTarget gateway = system.gateway();
        TargetResult metadata = TargetResult.skipped(gateway.name(), "the system did not start");
        TargetResult e2e = TargetResult.skipped(system.name(), "the system did not start");
        try {
            system.start();
            // E2e first, on an empty messages table: its figure then does not depend on how many rows the
            // metadata-only phase left (the recipients' delivered receipts search that table; the raw
            // recipients send none). Its clients are closed when its driver is.
            system.provision(2 * settings.pairs());
            // Each recipient's seq is 1 after the greeting that set its session up.
            e2e = drive(run, system.name(), system.description(), system, system.connector(), 1);
            gateway.provision(2 * settings.pairs());
            metadata = drive(run, gateway.name(), gateway.description(), gateway, gateway.connector(), 0);
        } catch (Exception e) {
            run.progress.line("[%s] could not run: %s", system.name(), e);
            List<String> failures = List.of("could not run: " + e);
            if (!e2e.ran()) {
                e2e = new TargetResult(system.name(), system.description(), List.of(), failures, null);
            }
            metadata = new TargetResult(gateway.name(), gateway.description(), List.of(), failures, null);
        } finally {
            system.close();
            run.untrack(system);
        }
        return new Rep(e2e, metadata, system.gatewayCpuSeconds(), system.vaultCpuSeconds());
    }

    /** Connects the pairs, runs one closed-loop phase, drains and checks every message. */
    private TargetResult drive(Run run, String name, String description, Probe probe, LoadDriver.Connector connector,
            long initialSeq) {
        List<PhaseResult> phases = new ArrayList<>();
        try (LoadDriver driver = new LoadDriver(name, run.clients, probe, run.progress)) {
            driver.connect(settings.pairs(), connector, initialSeq, Duration.ofMinutes(10));
            phases.add(driver.run(Phase.closed(settings.window(), settings.warmup(), settings.steady()),
                    common.drainTimeout()));
            return new TargetResult(name, description, phases, driver.verifyAndReport(), null);
        } catch (Exception e) {
            run.progress.line("[%s] could not run: %s", name, e);
            return new TargetResult(name, description, phases, List.of("could not run: " + e), null);
        }
    }

    private boolean report(List<Result> results) {
        Table table = new Table("system", "load", "msg/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "ack p99",
                "CPU s/M msg", "gateway", "vault", "DB CPU s/M", "RSS MiB", "gen CPU s", "gen ms/msg",
                "repetitions msg/s");
        for (Result r : results) {
            Rep m = r.median();
            row(table, m.e2e(), "SDK end to end", m.perMillion(m.gatewayCpu()), m.perMillion(m.vaultCpu()),
                    m.generatorCpuMsPerMessage(), r.each(x -> x.e2e().msgsPerSec()));
            row(table, m.metadata(), "metadata only", m.metadata().ran()
                    ? m.metadata().main().serverCpuSecPerMillion() : null, null, null,
                    r.each(x -> x.metadata().msgsPerSec()));
        }
        out.printf("e2e: %d pairs of SDK clients (%d BlindgateClients, one store each, in the bench JVM), closed loop, "
                + "window %d, texts of %d characters, warm-up %d s, steady %d s; then the same pairs and window as raw "
                + "metadata frames (%d bytes) on the same gateway process%n", settings.pairs(), 2 * settings.pairs(),
                settings.window(), settings.textChars(), settings.warmup().toSeconds(), settings.steady().toSeconds(),
                common.frameBytes());
        table.print(out);
        for (Result r : results) {
            Rep m = r.median();
            out.printf(Locale.ROOT, "e2e-%s / metadata only: %.4f of the msg/s, %.1fx the p99 (each repetition: %s)%n",
                    r.db(), m.ratio(), m.p99Ratio(), String.join(" ", r.each(Rep::ratio).stream().map(
                            d -> String.format(Locale.ROOT, "%.4f", d)).toList()));
            out.printf(Locale.ROOT, "e2e-%s CPU per message: gateway %.2f ms, vault %.2f ms, generator %.2f ms (the SDK "
                    + "clients run in the bench JVM: libsignal, store writes, HTTP are client-side cost)%n", r.db(),
                    m.perMillion(m.gatewayCpu()) / 1e3, m.perMillion(m.vaultCpu()) / 1e3, m.generatorCpuMsPerMessage());
            if (!r.failures().isEmpty()) {
                out.printf("e2e-%s FAILED: %s%n", r.db(), String.join("; ",
                        r.failures().subList(0, Math.min(5, r.failures().size()))));
            }
        }
        boolean passed = results.stream().allMatch(Result::passed);

        Result first = results.get(0);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "e2e");
        json.put("db", first.db());
        json.put("pairs", settings.pairs());
        json.put("window", settings.window());
        json.put("textChars", settings.textChars());
        json.put("frameBytes", common.frameBytes());
        json.put("warmupSec", settings.warmup().toSeconds());
        json.put("steadySec", settings.steady().toSeconds());
        json.put("repeat", settings.repeat());
        json.putAll(figures(first));
        for (Result r : results.subList(1, results.size())) {
            figures(r).forEach((k, v) -> json.put(r.db() + Character.toUpperCase(k.charAt(0)) + k.substring(1), v));
        }
        common.putVerdict(json, passed, results.stream().flatMap(r -> r.failures().stream()));
        List<Object> targets = new ArrayList<>();
        for (Result r : results) {
            targets.add(r.median().e2e().json());
            targets.add(r.median().metadata().json());
        }
        json.put("targets", targets);
        out.println(JsonLine.write(json));
        out.flush();
        return passed;
    }

    private static void row(Table table, TargetResult r, String load, Double gatewayCpu, Double vaultCpu,
            Double generatorMsPerMessage, List<Double> runs) {
        if (!r.ran()) {
            table.row(r.name(), load, "did not run");
            return;
        }
        PhaseResult p = r.main();
        table.row(r.name(), load, p.msgsPerSec(), p.p(50), p.p(99), p.p(99.9), p.maxMs(), p.ackP(99),
                p.serverCpuSecPerMillion(), gatewayCpu, vaultCpu,
                p.databaseCpu() == 0 ? null : p.databaseCpuSecPerMillion(), p.serverRssKib() / 1024.0,
                p.generatorCpu(), generatorMsPerMessage,
                runs.size() > 1 ? String.join(" ", runs.stream().map(Table::cell).toList()) : "");
    }

    /** The headline figures of one database: e2e, metadata only, their ratio, CPU and memory. */
    private static Map<String, Object> figures(Result r) {
        Rep m = r.median();
        PhaseResult e = m.e2e().main();
        PhaseResult g = m.metadata().main();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("msgsPerSec", m.e2e().msgsPerSec());
        f.put("p50Ms", e == null ? null : e.p(50));
        f.put("p99Ms", e == null ? null : e.p(99));
        f.put("p999Ms", e == null ? null : e.p(99.9));
        f.put("maxMs", e == null ? null : e.maxMs());
        f.put("ackP50Ms", e == null ? null : e.ackP(50));
        f.put("ackP99Ms", e == null ? null : e.ackP(99));
        f.put("received", e == null ? 0 : e.received());
        f.put("metadataMsgsPerSec", m.metadata().msgsPerSec());
        f.put("metadataP50Ms", g == null ? null : g.p(50));
        f.put("metadataP99Ms", m.metadata().p99());
        f.put("ratioToMetadata", m.ratio());
        f.put("p99RatioToMetadata", m.p99Ratio());
        f.put("repetitionsMsgsPerSec", r.each(x -> x.e2e().msgsPerSec()));
        f.put("repetitionsMetadataMsgsPerSec", r.each(x -> x.metadata().msgsPerSec()));
        f.put("repetitionsRatioToMetadata", r.each(Rep::ratio));
        f.put("serverCpuSecPerMillion", e == null ? null : e.serverCpuSecPerMillion());
        f.put("gatewayCpuSecPerMillion", m.perMillion(m.gatewayCpu()));
        f.put("vaultCpuSecPerMillion", m.perMillion(m.vaultCpu()));
        f.put("dbCpuSecPerMillion", e == null || e.databaseCpu() == 0 ? null : e.databaseCpuSecPerMillion());
        f.put("serverRssMiB", e == null ? null : e.serverRssKib() / 1024.0);
        f.put("generatorCpuSec", e == null ? null : e.generatorCpu());
        f.put("generatorCpuMsPerMessage", m.generatorCpuMsPerMessage());
        f.put("metadataServerCpuSecPerMillion", g == null ? null : g.serverCpuSecPerMillion());
        f.put("metadataServerRssMiB", g == null ? null : g.serverRssKib() / 1024.0);
        f.put("metadataGeneratorCpuSec", g == null ? null : g.generatorCpu());
        return f;
    }
}
