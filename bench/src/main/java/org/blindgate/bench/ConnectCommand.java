package org.blindgate.bench;

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

    @Option(names = "--warmup-connections", paramLabel = "N", defaultValue = "2000",
            description = "Connections opened and closed before the timed ones, to warm the JIT up. "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmupConnections;

    @Override
    public Integer call() {
        if (connections < 1 || concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--connections and --concurrency must be >= 1");
        }
        String limit = IdleScenario.fileLimitProblem(connections);
        if (limit != null) {
            throw new ParameterException(spec.commandLine(), limit);
        }
        return new ConnectScenario(common.toCommon(), new ConnectScenario.Settings(connections, concurrency, Math.max(0, warmupConnections)),
                System.out).run() ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
