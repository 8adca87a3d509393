package org.blindgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.blindgate.bench.process.JavaCommand;
import org.blindgate.bench.scenario.Common;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Options every scenario takes: how to launch the server under test, and how the generator connects. */
final class CommonOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DB", split = ",", defaultValue = "h2",
            description = "Gateway database(s) (for vault: the vault's storage): h2, postgres, or h2,postgres for "
                    + "both in one run (the first gives the headline figures). PostgreSQL gets a fresh database, "
                    + "dropped after. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> dbs;

    @Option(names = "--server-jar", paramLabel = "JAR",
            description = "The gateway's shaded jar. Default: server/target/blindgate-server.jar beside this "
                    + "bench jar's module, or in the current directory.")
    Path serverJar;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTS", defaultValue = "-Xmx2g",
            description = "JVM options of the gateway (or vault) process, and of the relay (or file-server "
                    + "baseline) so both run alike. "
                    + "Default: ${DEFAULT-VALUE}.")
    String serverJvmOpts;

    @Option(names = "--server-arg", paramLabel = "FLAG",
            description = "An extra flag for blindgate-server (repeatable), e.g. --server-arg=--db-pool-size=16.")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--pg-url", paramLabel = "JDBC_URL", defaultValue = "jdbc:postgresql://127.0.0.1:5432/",
            description = "PostgreSQL server for --db postgres (and ejabberd); trust auth expected. "
                    + "Default: ${DEFAULT-VALUE}.")
    String pgUrl;

    @Option(names = "--pg-user", paramLabel = "USER", defaultValue = "postgres",
            description = "PostgreSQL user allowed to create databases. Default: ${DEFAULT-VALUE}.")
    String pgUser;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "2",
            description = "Event loops of the load generator. Default: ${DEFAULT-VALUE}.")
    int clientThreads;

    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "0",
            description = "Loopback source addresses (127.0.0.2, .3, ...) to spread connections over; "
                    + "0 picks one per 10,000 connections (at least 2). Default: ${DEFAULT-VALUE}.")
    int sourceAddresses;

    @Option(names = "--frame-bytes", paramLabel = "BYTES", defaultValue = "256",
            description = "Size of each message frame (its sessionId is padded to reach it); the relay and the "
                    + "peers carry messages of the same size. Default: ${DEFAULT-VALUE}.")
    int frameBytes;

    @Option(names = "--password-hash-memory-kib", paramLabel = "KIB", defaultValue = "64",
            description = "Argon2id memory of the bench users' password hashes: only shortens the setup "
                    + "(registration and login happen before anything is timed). Default: ${DEFAULT-VALUE}.")
    int passwordHashKib;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "How long to wait after a phase for every message to arrive (vault: for every user to "
                    + "finish its cycle). Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the systems under test keep data and logs. Default: a temporary directory, "
                    + "deleted after the run.")
    Path workDir;

    @Option(names = "--keep-work-dir", description = "Keep the work directory (data and logs) after the run.")
    boolean keepWorkDir;

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "Record the gateway or vault (and relay or baseline) with Java Flight Recorder during "
                    + "each steady phase, "
                    + "into DIR (adds some overhead; use for profiling, not for the figures).")
    Path jfrDir;

    @Option(names = "--server-from-classpath", hidden = true,
            description = "Run the gateway from this JVM's class path instead of a jar (tests).")
    boolean serverFromClasspath;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the run's message ids (0: random).")
    long seed;

    Common toCommon() {
        for (String db : dbs) {
            if (!db.equals("h2") && !db.equals("postgres")) {
                throw new ParameterException(spec.commandLine(), "--db takes h2, postgres or h2,postgres; got " + db);
            }
        }
        if (clientThreads < 1 || clientThreads > 64) {
            throw new ParameterException(spec.commandLine(), "--client-threads must be 1-64");
        }
        if (sourceAddresses < 0 || sourceAddresses > 250) {
            throw new ParameterException(spec.commandLine(), "--source-addresses must be 0-250");
        }
        return new Common(resolveServerJar(), JavaCommand.split(serverJvmOpts), List.copyOf(serverArgs),
                List.copyOf(dbs), pgUrl, pgUser, clientThreads, sourceAddresses, frameBytes, passwordHashKib,
                workDir, keepWorkDir, jfrDir, !quiet, drainTimeout,
                seed != 0 ? seed : System.nanoTime() ^ ProcessHandle.current().pid());
    }

    private Path resolveServerJar() {
        if (serverFromClasspath) {
            return null;
        }
        if (serverJar != null) {
            if (!Files.isRegularFile(serverJar)) {
                throw new ParameterException(spec.commandLine(), "--server-jar " + serverJar + " does not exist");
            }
            return serverJar;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("server", "target", "blindgate-server.jar"));
        try {
            Path self = Path.of(CommonOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/blindgate-bench.jar (or bench/target/classes) -> server/target/blindgate-server.jar
            Path module = self.getParent() == null ? null : self.getParent().getParent();
            if (module != null && module.getParent() != null) {
                candidates.add(module.getParent().resolve("server/target/blindgate-server.jar"));
            }
        } catch (Exception e) {
            // no code source: rely on the current directory
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        return null; // JavaCommand falls back to the class path, or says what to build
    }
}
