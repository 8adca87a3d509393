package org.blindgate.bench;

import java.util.concurrent.Callable;
import org.blindgate.bench.scenario.VaultScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "vault", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        description = {
            "Vault blobs: PUT + GET + DELETE ops/s and latency against a static-file baseline.",
            "--users users in closed loops: user i puts a blob of random bytes for user i+1's device (PROTOCOL.md",
            "section 4 address), user i+1 fetches it with its own token, checks it is exactly the bytes put, and deletes",
            "it; then again. Each PUT, GET and DELETE is one operation; latency per type (HdrHistogram). At the end a",
            "GET of each user's last deleted blob must answer 404 and the vault's storage must be empty.",
            "The vault runs as its own process (server jar, --role vault) with a second process, a gateway on H2,",
            "issuing the users' tokens (registered and logged in before timing); --db is the VAULT's storage:",
            "h2 = H2 index + fsynced files (its default), postgres = a fresh PostgreSQL database holding index and bytes.",
            "The vault's per-user upload rate limit is raised (--vault-upload-burst 1000000) so it never binds.",
            "The baseline, run after with the same load: a Vert.x HTTP server in its own JVM keeping each blob as a",
            "file (PUT: write, fsync, rename, fsync dir; GET: sendFile; DELETE: remove), no auth, index or validation."})
final class VaultCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--users", paramLabel = "N", defaultValue = "200",
            description = "Concurrent users, each with one request in flight (and one HTTP/1.1 keep-alive "
                    + "connection). Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--blob-bytes", paramLabel = "BYTES", defaultValue = "1024",
            description = "Size of each blob (random bytes, standing for ciphertext). Default: ${DEFAULT-VALUE}.")
    int blobBytes;

    @Mixin
    PhaseOptions phases;

    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the static-file baseline after the vault (--no-baseline: skip it). Default: on.")
    boolean baseline;

    @Option(names = "--baseline-io-threads", paramLabel = "N", defaultValue = "8",
            description = "The baseline's blocking-I/O workers (the vault's pool is --db-pool-size, 8 by default). "
                    + "Default: ${DEFAULT-VALUE}.")
    int baselineIoThreads;

    @Option(names = "--baseline-fsync", paramLabel = "true|false", defaultValue = "true", arity = "1",
            description = "Whether the baseline forces each file and its directory to disk, as the vault's file "
                    + "store does. Default: ${DEFAULT-VALUE}.")
    boolean baselineFsync;

    @Override
    public Integer call() {
        if (users < 2 || users > 10_000) {
            throw new ParameterException(spec.commandLine(), "--users must be 2-10000");
        }
        if (blobBytes < 1 || blobBytes > 256 * 1024) {
            throw new ParameterException(spec.commandLine(),
                    "--blob-bytes must be 1-262144 (the vault's default --blob-max-bytes is 256 KiB)");
        }
        if (baselineIoThreads < 1 || baselineIoThreads > 200) {
            throw new ParameterException(spec.commandLine(), "--baseline-io-threads must be 1-200");
        }
        return new VaultScenario(common.toCommon(), new VaultScenario.Settings(users, blobBytes, phases.warmup,
                phases.steady, baseline, baselineIoThreads, baselineFsync, phases.repetitions()), System.out).run()
                ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
