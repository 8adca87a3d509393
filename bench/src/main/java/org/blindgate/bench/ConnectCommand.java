package org.blindgate.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.blindgate.bench.scenario.ConnectScenario;
import org.blindgate.bench.scenario.IdleScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "connect", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        description = {
            "Authenticated WebSocket connections established per second.",
            "Each upgrade carries a bearer token (signature checked, device looked up); users are registered and",
            "logged in beforehand, and untimed warm-up connections come first."})
final class ConnectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "5000",
            description = "Connections to establish. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
            description = "Upgrades in flight at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    // 5,000: more distinct tokens than the gateway's verified-token cache holds (4,096), so warm-up
    // rounds after the first still check signatures rather than hit the cache.
    @Option(names = "--warmup-connections", paramLabel = "N", defaultValue = "5000",
            description = "Connections opened and closed per untimed warm-up round (0: no warm-up). "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmupConnections;

    // 60 s: after the old 2,000 warm-up connections (3 s) the two JVMs' JIT compilers still used 0.8
    // of the 2 cores during the timed connections, after 20 s the gateway's C2 still 0.4-0.5 cores,
    // after 60 s 0.09 (docs/performance.md, fifth session).
    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "Warm-up rounds go on until this much time has passed (at least one round). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Override
    public Integer call() {
        if (connections < 1 || concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--connections and --concurrency must be >= 1");
        }
        String limit = IdleScenario.fileLimitProblem(connections);
        if (limit != null) {
            throw new ParameterException(spec.commandLine(), limit);
        }
        return new ConnectScenario(common.toCommon(), new ConnectScenario.Settings(connections, concurrency, Math.max(0, warmupConnections), warmup),
                System.out).run() ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
