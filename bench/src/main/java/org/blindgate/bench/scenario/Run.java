package org.blindgate.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.blindgate.bench.load.Clients;
import org.blindgate.bench.load.MessageIds;
import org.blindgate.bench.load.Progress;
import org.blindgate.bench.target.E2eTarget;
import org.blindgate.bench.target.FileServerTarget;
import org.blindgate.bench.target.GatewayTarget;
import org.blindgate.bench.target.RelayTarget;
import org.blindgate.bench.target.TargetEnv;
import org.blindgate.bench.target.VaultTarget;

/** One bench run: the generator's clients, the work directory, and the targets' factory. */
final class Run implements AutoCloseable {

    final Common common;
    final Clients clients;
    final TargetEnv env;
    final Progress progress;
    private final Path workDir;
    private final boolean ownWorkDir;
    /** Systems started and not yet closed: a Ctrl-C or SIGTERM closes them too (processes, databases). */
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final Thread cleanup = new Thread(this::closeOpen, "bench-cleanup");

    Run(Common common, int connections) {
        this.common = common;
        this.progress = new Progress(System.err, common.progress());
        try {
            this.ownWorkDir = common.workDir() == null;
            this.workDir = ownWorkDir ? Files.createTempDirectory("blindgate-bench-")
                    : Files.createDirectories(common.workDir());
            if (common.jfrDir() != null) {
                Files.createDirectories(common.jfrDir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
        int sources = common.sourceAddresses() > 0 ? common.sourceAddresses()
                : Math.max(2, (connections + 9_999) / 10_000);
        this.clients = new Clients(common.clientThreads(), sources);
        this.env = new TargetEnv(clients, new MessageIds(common.seed()), common.frameBytes(), workDir, progress);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Remembers a started system, so an interrupted run still stops it. */
    <T extends AutoCloseable> T track(T target) {
        open.add(target);
        return target;
    }

    void untrack(AutoCloseable target) {
        open.remove(target);
    }

    private void closeOpen() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    GatewayTarget gateway(String db) {
        return track(new GatewayTarget(serverSettings(db), env));
    }

    /** The vault on {@code db}, with its own gateway issuing the users' tokens. */
    VaultTarget vault(String db) {
        return track(new VaultTarget(serverSettings(db), env));
    }

    /** The gateway on {@code db} and a vault on {@code db} checking its tokens, for SDK clients end to end. */
    E2eTarget e2e(String db, int textChars) {
        return track(new E2eTarget(serverSettings(db), env, textChars));
    }

    FileServerTarget fileServer(int ioThreads, boolean fsync) {
        return track(new FileServerTarget(env, common.serverJvmOptions(), ioThreads, fsync, common.jfrDir()));
    }

    private GatewayTarget.Settings serverSettings(String db) {
        return new GatewayTarget.Settings(common.serverJar(), db, common.postgresUrl(), common.postgresUser(),
                common.serverJvmOptions(), common.serverArgs(), common.passwordHashKib(), common.jfrDir());
    }

    RelayTarget relay() {
        return track(new RelayTarget(env, common.serverJvmOptions(), common.jfrDir()));
    }

    Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        closeOpen();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        clients.close();
        if (ownWorkDir && !common.keepWorkDir()) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + workDir + ": " + e.getMessage());
            }
        } else {
            progress.line("data and logs of this run are in %s", workDir);
        }
    }
}
