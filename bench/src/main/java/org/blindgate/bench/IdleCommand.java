package org.blindgate.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.blindgate.bench.scenario.IdleScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "idle", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        description = {
            "Idle authenticated connections: server resident memory per connection.",
            "Read after a full GC in the server, before and after the connections open.",
            "Needs about one open file per connection in this process and in the server: the bench checks the",
            "limit first and says what to raise."})
final class IdleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "20000",
            description = "Idle connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "128",
            description = "Upgrades in flight at once while connecting. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "Idle time before memory is read. Default: ${DEFAULT-VALUE}.")
    Duration settle;

    @Override
    public Integer call() {
        if (connections < 1 || concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--connections and --concurrency must be >= 1");
        }
        String limit = IdleScenario.fileLimitProblem(connections);
        if (limit != null) {
            throw new ParameterException(spec.commandLine(), limit);
        }
        return new IdleScenario(common.toCommon(), new IdleScenario.Settings(connections, concurrency, settle),
                System.out).run() ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
