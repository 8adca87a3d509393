package org.blindgate.bench.target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.blindgate.bench.load.Progress;
import org.blindgate.bench.process.ChildProcess;
import org.blindgate.bench.process.Jfr;

/**
 * A server under test running as its own JVM (the gateway, the vault, the relay, the file
 * server): started, found listening on the port its log names, recorded with Java Flight Recorder
 * during a measured phase when the run asks for it ({@code --jfr DIR}), and stopped.
 */
final class ServerJvm implements AutoCloseable {

    private final String name;
    private final ChildProcess process;
    private final int port;
    private final Path jfrDir;

    private ServerJvm(String name, ChildProcess process, int port, Path jfrDir) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.jfrDir = jfrDir;
    }

    /**
     * Starts {@code command} with its output in {@code log} and waits for the line {@code listening}
     * whose first group is the port.
     *
     * @param jfrDir where recordings go, or null for none
     * @throws IllegalStateException if it exits or stays silent for {@code timeout} (it is stopped)
     */
    static ServerJvm start(String name, List<String> command, Path log, Pattern listening, Duration timeout,
            Path jfrDir, Progress progress) {
        ChildProcess process = ChildProcess.start(name, command, log);
        try {
            int port = Integer.parseInt(process.awaitLine(listening, timeout));
            progress.line("[%s] started (pid %d, port %d, log %s)", name, process.pid(), port, log);
            return new ServerJvm(name, process, port, jfrDir);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    List<Long> pids() {
        return List.of(process.pid());
    }

    /** Starts a flight recording, if the run records. */
    void startRecording() {
        if (jfrDir != null) {
            Jfr.start(process.pid(), "bench");
        }
    }

    /** Dumps and stops the recording into {@code file} of the recordings' directory, if the run records. */
    void stopRecording(String file, String what, Progress progress) {
        if (jfrDir != null) {
            Path path = jfrDir.resolve(file);
            Jfr.stop(process.pid(), "bench", path);
            progress.line("[%s] flight recording of the %s: %s", name, what, path);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
