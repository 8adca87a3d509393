package org.blindgate.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of scenarios that warm up and then measure a steady phase, possibly several times. */
final class PhaseOptions {

    // 20 s: under full load the gateway's rate still climbs for about 15 s while the JIT compiles
    // H2's and the protocol's paths (20k -> 50k msg/s on H2); a 5 s warm-up measured that climb.
    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "20s", converter = Durations.class,
            description = "Warm-up before each steady phase (the JVM systems need about 15 s under load "
                    + "to reach their steady rate). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--steady", paramLabel = "DURATION", defaultValue = "20s", converter = Durations.class,
            description = "Measured steady phase. Default: ${DEFAULT-VALUE}.")
    Duration steady;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run the whole sequence N times and report each system's median repetition "
                    + "(for noisy machines). Default: ${DEFAULT-VALUE}.")
    int repeat;

    /** Repetitions, at least one. */
    int repetitions() {
        return Math.max(1, repeat);
    }
}
