package org.blindgate.bench.target;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.blindgate.bench.process.JavaCommand;

/**
 * The vault's physical limit on the same framework: the bench's own static-file server
 * ({@code blindgate-bench file-server}) in a separate JVM with the vault's JVM options, keeping each
 * blob as one file named by its message id, written as durably as the vault's (fsync, rename,
 * directory fsync). No users, tokens, index or validation.
 */
public final class FileServerTarget extends ProcessTarget implements BlobTarget {

    private static final Pattern LISTENING = Pattern.compile("file server listening on [^:]+:(\\d+)");

    private final List<String> jvmOptions;
    private final int ioThreads;
    private final boolean fsync;
    private final Path jfrDir;
    private Path filesDir;

    public FileServerTarget(TargetEnv env, List<String> jvmOptions, int ioThreads, boolean fsync, Path jfrDir) {
        super(env);
        this.jvmOptions = jvmOptions;
        this.ioThreads = ioThreads;
        this.fsync = fsync;
        this.jfrDir = jfrDir;
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String description() {
        return "static-file baseline (Vert.x HttpServer: PUT writes a file" + (fsync ? ", fsyncs it, renames it, "
                + "fsyncs the directory" : " and renames it, no fsync") + "; GET sendFile; DELETE removes; " + ioThreads
                + " I/O workers; no auth, index or validation; JVM " + String.join(" ", jvmOptions) + ")";
    }

    @Override
    public void start() throws Exception {
        Path dir = Files.createTempDirectory(env.workDir(), "file-server-");
        filesDir = dir.resolve("files");
        server = ServerJvm.start(name(), JavaCommand.self("org.blindgate.bench.BlindgateBench", jvmOptions,
                List.of("file-server", "--port", "0", "--dir", filesDir.toString(),
                        "--io-threads", Integer.toString(ioThreads), "--fsync", Boolean.toString(fsync))),
                dir.resolve("file-server.log"), LISTENING, Duration.ofSeconds(30), jfrDir, env.progress());
    }

    @Override
    public void provision(int count) {
        // no accounts
    }

    @Override
    public RequestOptions put(int uploader, int recipient, UUID messageId) {
        return request(HttpMethod.PUT, messageId).putHeader("Content-Type", "application/octet-stream");
    }

    @Override
    public RequestOptions get(int recipient, UUID messageId) {
        return request(HttpMethod.GET, messageId);
    }

    @Override
    public RequestOptions delete(int recipient, UUID messageId) {
        return request(HttpMethod.DELETE, messageId);
    }

    private RequestOptions request(HttpMethod method, UUID messageId) {
        return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(server.port()).setURI("/files/" + messageId);
    }

    @Override
    public long storedBlobs() throws Exception {
        return VaultTarget.files(filesDir);
    }

    @Override
    protected String recordingName() {
        return "baseline.jfr";
    }
}
