package org.blindgate.bench.scenario;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blindgate.bench.load.PhaseResult;

/**
 * What one system under test did in a pairs run.
 *
 * @param phases   every measured phase, in order
 * @param failures delivery problems (empty if every message arrived exactly once and in order)
 * @param skipped  why the system did not run (null if it ran)
 */
record TargetResult(String name, String description, List<PhaseResult> phases, List<String> failures,
        String skipped, List<Double> runs) {

    TargetResult(String name, String description, List<PhaseResult> phases, List<String> failures, String skipped) {
        this(name, description, phases, failures, skipped, List.of());
    }

    static TargetResult skipped(String name, String why) {
        return new TargetResult(name, null, List.of(), List.of(), why);
    }

    /**
     * The repetition with the median throughput, carrying every repetition's throughput and
     * every repetition's failures (one failed delivery check fails the target).
     */
    static TargetResult median(List<TargetResult> reps) {
        List<TargetResult> ran = reps.stream().filter(TargetResult::ran).sorted(
                Comparator.comparingDouble(TargetResult::msgsPerSec)).toList();
        List<String> failures = reps.stream().flatMap(r -> r.failures().stream()).toList();
        List<Double> runs = reps.stream().map(TargetResult::msgsPerSec).toList();
        TargetResult m = ran.isEmpty() ? reps.get(0) : ran.get((ran.size() - 1) / 2);
        return new TargetResult(m.name(), m.description(), m.phases(), failures, m.skipped(), runs);
    }

    boolean ran() {
        return skipped == null && !phases.isEmpty();
    }

    /** The phase the headline figures come from: the last one. */
    PhaseResult main() {
        return phases.isEmpty() ? null : phases.get(phases.size() - 1);
    }

    double msgsPerSec() {
        return ran() ? main().msgsPerSec() : Double.NaN;
    }

    double p99() {
        return ran() ? main().p(99) : Double.NaN;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (skipped != null) {
            m.put("skipped", skipped);
            return m;
        }
        m.put("description", description);
        m.put("passed", failures.isEmpty());
        if (!failures.isEmpty()) {
            m.put("failures", failures);
        }
        if (runs.size() > 1) {
            m.put("repetitionsMsgsPerSec", runs);
        }
        m.put("phases", phases.stream().map(TargetResult::phaseJson).toList());
        return m;
    }

    static Map<String, Object> phaseJson(PhaseResult p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", p.phase().closedLoop() ? "closed" : "open");
        if (p.phase().closedLoop()) {
            m.put("window", p.phase().window());
        } else {
            m.put("offeredMsgsPerSec", p.phase().rate());
        }
        m.put("msgsPerSec", p.msgsPerSec());
        m.put("received", p.received());
        m.put("seconds", p.seconds());
        m.put("p50Ms", p.p(50));
        m.put("p99Ms", p.p(99));
        m.put("p999Ms", p.p(99.9));
        m.put("maxMs", p.maxMs());
        m.put("ackP50Ms", p.ackP(50));
        m.put("ackP99Ms", p.ackP(99));
        m.put("ackP999Ms", p.ackP(99.9));
        m.put("serverCpuSecPerMillion", p.serverCpuSecPerMillion());
        m.put("dbCpuSecPerMillion", p.databaseCpu() == 0 ? null : p.databaseCpuSecPerMillion());
        m.put("serverRssMiB", p.serverRssKib() / 1024.0);
        m.put("generatorCpuSec", p.generatorCpu());
        m.put("serverThreadCores", p.serverThreads());
        m.put("generatorThreadCores", p.generatorThreads());
        return m;
    }
}
