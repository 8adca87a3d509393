package org.blindgate.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code blindgate-server} as a real child process, launched from the test classpath (surefire
 * runs before {@code package}, so the shaded jar may not exist yet). Its output goes to a file
 * beside the data directory rather than a pipe: {@link Process#destroy()} closes the pipes, and
 * the lines printed while stopping are the ones the tests want.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("Blindgate (gateway|vault) listening on (https?)://(.+):(\\d+) \\(");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** What a short-lived run (help, a refused setting) left behind. */
    record Exit(int code, List<String> stdout, List<String> stderr) {
    }

    private final Process process;
    private final Path log;
    private final String name;
    /** The service whose line comes last at start-up: the vault unless only the gateway runs. */
    private final String lastToStart;

    private ServerProcess(Process process, Path log, String name, String lastToStart) {
        this.process = process;
        this.log = log;
        this.name = name;
        this.lastToStart = lastToStart;
    }

    /**
     * Starts a server on free ports (gateway and vault) with {@code dataDir} and the test-sized
     * password hash, plus {@code extra} flags, and waits for its "listening" lines. Its output is
     * in {@code <name>.log} beside {@code dataDir}.
     */
    static ServerProcess start(String name, Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--gateway-port", "0", "--data-dir", dataDir.toString(),
                "--password-hash-memory-kib", "1024"));
        if (!List.of(extra).contains("--vault-port")) {
            args.addAll(List.of("--vault-port", "0"));
        }
        args.addAll(List.of(extra));
        int role = List.of(extra).indexOf("--role");
        String lastToStart = role >= 0 && extra[role + 1].equalsIgnoreCase("gateway") ? "gateway" : "vault";
        Path log = dataDir.toAbsolutePath().getParent().resolve(name + ".log");
        ProcessBuilder pb = builder(args).redirectErrorStream(true).redirectOutput(log.toFile());
        ServerProcess server;
        try {
            server = new ServerProcess(pb.start(), log, name, lastToStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.awaitListening();
        return server;
    }

    /** Runs the server with {@code args} to its exit (it must exit by itself: help, errors). */
    static Exit run(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = builder(List.of(args)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("blindgate-server " + String.join(" ", args) + " did not exit");
        }
        return new Exit(p.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    private static ProcessBuilder builder(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), BlindgateServer.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        // The test's settings are its flags alone, whatever the machine running it exports.
        pb.environment().keySet().removeIf(k -> k.startsWith(ServerOptions.ENV_PREFIX));
        return pb;
    }

    private void awaitListening() {
        await("'" + name + "' to log that it listens").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> listeningLine(lastToStart) != null || !process.isAlive());
        if (listeningLine(lastToStart) == null) {
            throw new AssertionError("'" + name + "' exited with " + process.exitValue()
                    + " before listening: " + lines());
        }
    }

    /** The "listening" line of {@code service} ("gateway" or "vault"), or null. */
    private Matcher listeningLine(String service) {
        for (String line : lines()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find() && m.group(1).equals(service)) {
                return m;
            }
        }
        return null;
    }

    /** The first "listening" line: the gateway's, or the vault's when it runs alone. */
    private Matcher listeningLine() {
        Matcher gateway = listeningLine("gateway");
        return gateway != null ? gateway : listeningLine("vault");
    }

    /** The port from the "listening" line (the gateway's, if it runs). */
    int port() {
        return Integer.parseInt(listeningLine().group(4));
    }

    /** {@code http://127.0.0.1:PORT} (or https), from the "listening" line (the gateway's, if it runs). */
    String baseUrl() {
        Matcher m = listeningLine();
        return m.group(2) + "://" + m.group(3) + ":" + m.group(4);
    }

    /** {@code http://127.0.0.1:PORT} of the vault, from its "listening" line. */
    String vaultUrl() {
        Matcher m = listeningLine("vault");
        if (m == null) {
            throw new AssertionError("'" + name + "' runs no vault: " + lines());
        }
        return m.group(2) + "://" + m.group(3) + ":" + m.group(4);
    }

    /** What the server has printed so far. */
    List<String> lines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux). */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits for the process to be gone: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("'" + name + "' survived SIGKILL");
        }
    }

    /** Waits for the exit; returns its code, or null if still running after {@code timeout}. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                kill();
            }
            // Into the test's report, for diagnosis.
            lines().forEach(line -> System.out.println("[" + name + "] " + line));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
