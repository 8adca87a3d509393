package org.blindgate.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.function.Supplier;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.load.Phase;
import org.blindgate.bench.load.PhaseResult;
import org.blindgate.bench.process.ThreadCpu;
import org.blindgate.bench.report.JsonLine;
import org.blindgate.bench.report.Table;
import org.blindgate.bench.target.Target;

/**
 * {@code pairs}: N connections in sender/recipient pairs, against the gateway (on each database
 * asked for) and, in the same run with the same load, the raw relay and the peers.
 *
 * <p>Closed loop runs one phase per system at the same window. Open loop at a fixed
 * {@code --rate} runs one phase per system at that rate; with {@code --rate-of-max} or
 * {@code --sweep} the first gateway runs a closed-loop phase first to find its own maximum, and
 * every system is then offered the same absolute rates derived from it.
 */
public final class PairsScenario {

    /** Pairs-specific settings. */
    public record Settings(int connections, int window, boolean openLoop, double rate, double rateOfMax,
            List<Double> sweep, Duration warmup, Duration steady, List<String> peers, Peers.Settings peerSettings,
            int repeat) {
    }

    private final Common common;
    private final Settings settings;
    private final PrintStream out;

    public PairsScenario(Common common, Settings settings, PrintStream out) {
        this.common = common;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the scenario, prints the table and the JSON line; true if every delivery check passed. */
    public boolean run() {
        int pairs = settings.connections() / 2;
        Map<String, List<TargetResult>> byTarget = new LinkedHashMap<>();
        List<Double> openRates = new ArrayList<>();
        try (Run run = new Run(common, settings.connections())) {
            // With --repeat, the whole sequence runs again: on a noisy machine each system then gets
            // several chances spread over time, and the median repetition is reported.
            for (int rep = 0; rep < settings.repeat(); rep++) {
                if (settings.repeat() > 1) {
                    run.progress.line("=== repetition %d of %d", rep + 1, settings.repeat());
                }
                boolean first = true;
                for (String db : common.dbs()) {
                    boolean findMax = rep == 0 && first && settings.openLoop() && settings.rate() <= 0;
                    // The first gateway finds the maximum; everything else gets the same absolute rates.
                    List<Phase> plan = findMax || !settings.openLoop() || settings.rate() > 0
                            ? gatewayPlan(findMax) : peerPlan(openRates);
                    TargetResult r = runTarget(run, () -> run.gateway(db), pairs, plan, openRates, findMax);
                    byTarget.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
                    first = false;
                }
                for (String peer : settings.peers()) {
                    String unavailable = Peers.unavailable(peer, settings.peerSettings());
                    if (unavailable != null) {
                        if (rep == 0) {
                            byTarget.computeIfAbsent(peer, k -> new ArrayList<>())
                                    .add(TargetResult.skipped(peer, unavailable));
                            run.progress.line("[%s] skipped: %s", peer, unavailable);
                        }
                        continue;
                    }
                    Supplier<Target> factory = switch (peer) {
                        case "relay" -> run::relay;
                        case "nats" -> () -> Peers.nats(run, settings.peerSettings());
                        case "ejabberd" -> () -> Peers.ejabberd(run, settings.peerSettings());
                        default -> throw new IllegalArgumentException("unknown peer " + peer);
                    };
                    TargetResult r = runTarget(run, factory, pairs, peerPlan(openRates), openRates, false);
                    byTarget.computeIfAbsent(peer, k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<TargetResult> results = new ArrayList<>();
        byTarget.values().forEach(reps -> results.add(reps.size() == 1 ? reps.get(0) : TargetResult.median(reps)));
        return report(results);
    }

    private List<Phase> gatewayPlan(boolean findMax) {
        List<Phase> plan = new ArrayList<>();
        if (!settings.openLoop()) {
            plan.add(Phase.closed(settings.window(), settings.warmup(), settings.steady()));
        } else if (findMax) {
            plan.add(Phase.closed(settings.window(), settings.warmup(), settings.steady()));
        } else {
            plan.add(Phase.open(settings.rate(), settings.warmup(), settings.steady()));
        }
        return plan;
    }

    private List<Phase> peerPlan(List<Double> openRates) {
        if (!settings.openLoop()) {
            return List.of(Phase.closed(settings.window(), settings.warmup(), settings.steady()));
        }
        if (settings.rate() > 0) {
            return List.of(Phase.open(settings.rate(), settings.warmup(), settings.steady()));
        }
        return openRates.stream().map(r -> Phase.open(r, settings.warmup(), settings.steady())).toList();
    }

    private TargetResult runTarget(Run run, Supplier<Target> factory, int pairs, List<Phase> plan,
            List<Double> openRates, boolean findMax) {
        Target target = factory.get();
        List<PhaseResult> phases = new ArrayList<>();
        try {
            target.start();
            target.provision(2 * pairs);
            try (LoadDriver driver = new LoadDriver(target.name(), run.clients, target, run.progress)) {
                driver.connect(pairs, target.connector(), 0, Duration.ofMinutes(5));
                for (Phase phase : plan) {
                    phases.add(driver.run(phase, common.drainTimeout()));
                }
                if (findMax) {
                    double max = phases.get(0).msgsPerSec();
                    List<Double> fractions = settings.sweep().isEmpty() ? List.of(settings.rateOfMax()) : settings.sweep();
                    for (double f : fractions) {
                        openRates.add((double) Math.max(1, Math.round(f * max)));
                        phases.add(driver.run(Phase.open(openRates.get(openRates.size() - 1), settings.warmup(),
                                settings.steady()), common.drainTimeout()));
                    }
                }
                List<String> failures = driver.verifyAndReport();
                return new TargetResult(target.name(), target.description(), phases, failures, null);
            }
        } catch (Exception e) {
            run.progress.line("[%s] could not run: %s", target.name(), e);
            List<String> failures = List.of("could not run: " + e);
            return phases.isEmpty() ? new TargetResult(target.name(), target.description(), List.of(), failures, null)
                    : new TargetResult(target.name(), target.description(), phases, failures, null);
        } finally {
            target.close();
            run.untrack(target);
        }
    }

    private boolean report(List<TargetResult> results) {
        Table table = new Table("system", "phase", "msg/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "ack p50",
                "ack p99", "CPU s/M msg", "DB CPU s/M", "RSS MiB", "gen CPU s", "repetitions msg/s");
        for (TargetResult r : results) {
            if (r.skipped() != null) {
                table.row(r.name(), "skipped: " + r.skipped());
                continue;
            }
            for (PhaseResult p : r.phases()) {
                table.row(r.name(), p.phase().closedLoop() ? "W=" + p.phase().window()
                                : String.format("%,.0f/s offered", p.phase().rate()),
                        p.msgsPerSec(), p.p(50), p.p(99), p.p(99.9), p.maxMs(), p.ackP(50), p.ackP(99),
                        p.serverCpuSecPerMillion(), p.databaseCpu() == 0 ? null : p.databaseCpuSecPerMillion(),
                        p.serverRssKib() / 1024.0, p.generatorCpu(),
                        r.runs().size() > 1 && p == r.main() ? String.join(" ", r.runs().stream().map(Table::cell).toList())
                                : "");
            }
        }
        out.printf("pairs: %d connections (%d pairs), %s, frames of %d bytes, warm-up %d s, steady %d s%n",
                settings.connections(), settings.connections() / 2,
                settings.openLoop() ? "open loop" : "closed loop, window " + settings.window(), common.frameBytes(),
                settings.warmup().toSeconds(), settings.steady().toSeconds());
        table.print(out);
        out.printf("where the CPU went in each steady phase (cores of %d per thread group; the database's backends"
                + " are 'DB CPU'):%n", Runtime.getRuntime().availableProcessors());
        for (TargetResult r : results) {
            for (PhaseResult p : r.phases()) {
                out.printf("  %s %s: %s | generator: %s%n", r.name(),
                        p.phase().closedLoop() ? "W=" + p.phase().window() : String.format("%,.0f/s", p.phase().rate()),
                        ThreadCpu.describe(p.serverThreads()), ThreadCpu.describe(p.generatorThreads()));
            }
        }
        for (TargetResult r : results) {
            if (!r.failures().isEmpty()) {
                out.printf("%s FAILED: %s%n", r.name(), String.join("; ",
                        r.failures().subList(0, Math.min(5, r.failures().size()))));
            }
        }

        TargetResult gateway = results.get(0);
        Map<String, TargetResult> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        boolean passed = results.stream().allMatch(r -> r.skipped() != null || (r.failures().isEmpty() && r.ran()));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "pairs");
        json.put("db", common.dbs().get(0));
        json.put("mode", settings.openLoop() ? "open" : "closed");
        json.put("connections", settings.connections());
        json.put("pairs", settings.connections() / 2);
        json.put("window", settings.openLoop() ? null : settings.window());
        json.put("frameBytes", common.frameBytes());
        json.put("warmupSec", settings.warmup().toSeconds());
        json.put("steadySec", settings.steady().toSeconds());
        json.put("repeat", settings.repeat());
        PhaseResult g = gateway.main();
        json.put("offeredMsgsPerSec", g == null || g.phase().closedLoop() ? null : g.phase().rate());
        json.put("msgsPerSec", gateway.msgsPerSec());
        json.put("p50Ms", g == null ? null : g.p(50));
        json.put("p99Ms", g == null ? null : g.p(99));
        json.put("p999Ms", g == null ? null : g.p(99.9));
        json.put("maxMs", g == null ? null : g.maxMs());
        json.put("ackP50Ms", g == null ? null : g.ackP(50));
        json.put("ackP99Ms", g == null ? null : g.ackP(99));
        json.put("serverCpuSecPerMillion", g == null ? null : g.serverCpuSecPerMillion());
        json.put("dbCpuSecPerMillion", g == null || g.databaseCpu() == 0 ? null : g.databaseCpuSecPerMillion());
        json.put("serverRssMiB", g == null ? null : g.serverRssKib() / 1024.0);
        if (gateway.phases().size() > 1 && settings.openLoop()) {
            json.put("maxClosedLoopMsgsPerSec", gateway.phases().get(0).msgsPerSec());
        }
        for (int i = 1; i < common.dbs().size(); i++) {
            TargetResult other = results.get(i);
            String db = common.dbs().get(i);
            json.put(db + "MsgsPerSec", other.msgsPerSec());
            json.put(db + "P99Ms", other.p99());
            json.put(db + "P999Ms", other.ran() ? other.main().p(99.9) : null);
        }
        for (String peer : List.of("relay", "nats", "ejabberd")) {
            TargetResult p = byName.get(peer);
            double rate = p == null ? Double.NaN : p.msgsPerSec();
            double p99 = p == null ? Double.NaN : p.p99();
            json.put(peer + "MsgsPerSec", rate);
            json.put(peer + "P99Ms", p99);
            json.put(ratioKey(peer), gateway.msgsPerSec() / rate);
            json.put("p99RatioTo" + capital(peer), gateway.p99() / p99);
            for (int i = 1; i < common.dbs().size(); i++) {
                json.put(common.dbs().get(i) + capital(ratioKey(peer)), results.get(i).msgsPerSec() / rate);
            }
        }
        common.putVerdict(json, passed, Stream.empty());
        json.put("targets", results.stream().map(TargetResult::json).toList());
        out.println(JsonLine.write(json));
        out.flush();
        return passed;
    }

    private static String ratioKey(String peer) {
        return "ratioTo" + capital(peer);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
