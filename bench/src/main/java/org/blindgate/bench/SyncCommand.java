package org.blindgate.bench;

import java.util.concurrent.Callable;
import org.blindgate.bench.scenario.SyncScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sync", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        description = {
            "Offline recipient catches up: replay msgs/s and time to the last sync.done.",
            "A recipient is offline while --messages messages queue for it, then reconnects and replays them with",
            "sync pages; every message must arrive exactly once, in seq order."})
final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "10000",
            description = "Messages queued for the offline recipient. Default: ${DEFAULT-VALUE}.")
    int messages;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "10",
            description = "Senders sharing the queueing (each stays under the gateway's per-connection frame "
                    + "rate). Default: ${DEFAULT-VALUE}.")
    int senders;

    @Option(names = "--page", paramLabel = "N", defaultValue = "1000",
            description = "sync limit (1-1000). Default: ${DEFAULT-VALUE}.")
    int page;

    @Option(names = "--window", paramLabel = "W", defaultValue = "32",
            description = "Messages each sender keeps in flight while queueing. Default: ${DEFAULT-VALUE}.")
    int window;

    // 5: a replay of 10,000 took 0.69 s in the first round and about 0.13 s from the sixth on, as
    // the JIT compiled the replay path (docs/performance.md, fifth session).
    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "5",
            description = "Untimed queue-and-replay rounds first, to warm the JIT up. Default: ${DEFAULT-VALUE}.")
    int warmupRounds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Measured queue-and-replay rounds, each with a fresh recipient; the figures are their "
                    + "mean. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() {
        if (messages < 1 || senders < 1 || page < 1 || page > 1000 || window < 1 || window > 200) {
            throw new ParameterException(spec.commandLine(),
                    "--messages and --senders must be >= 1, --page 1-1000, --window 1-200");
        }
        return new SyncScenario(common.toCommon(), new SyncScenario.Settings(messages, senders, page, window, Math.max(0, warmupRounds), Math.max(1, rounds)),
                System.out).run() ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
