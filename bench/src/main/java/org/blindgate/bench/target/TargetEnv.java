package org.blindgate.bench.target;

import java.nio.file.Path;
import org.blindgate.bench.load.Clients;
import org.blindgate.bench.load.MessageIds;
import org.blindgate.bench.load.Progress;

/**
 * What every target of one run shares: the generator's network clients, the run's message ids,
 * the frame size, a work directory for data and logs, and the progress output.
 */
public record TargetEnv(Clients clients, MessageIds ids, int frameBytes, Path workDir, Progress progress) {
}
