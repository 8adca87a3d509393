package org.blindgate.bench.files;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The vault's baseline: the least an HTTP server on the vault's framework (Vert.x, default event
 * loops, Java NIO, TCP_NODELAY, HTTP/1.1) must do to keep small files. {@code PUT
 * /files/NAME} writes the body to a temporary file, fsyncs it, renames it into place and fsyncs
 * the directory (the durability of the vault's file store), {@code GET} sends the file,
 * {@code DELETE} removes it. Blocking file work runs on a named pool of {@code ioThreads} workers,
 * as the vault's does. No authentication, no validation, no index: what the vault adds to this is
 * what it costs.
 */
public final class FileServer implements AutoCloseable {

    private static final String PREFIX = "/files/";

    private final Vertx vertx;
    private final HttpServer server;

    private FileServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Starts on {@code host}:{@code port} (0: any free port), keeping files in {@code dir}.
     *
     * @param fsync whether PUT forces the file and its directory to disk (the vault does)
     */
    public static FileServer start(String host, int port, Path dir, int ioThreads, boolean fsync) throws Exception {
        Path root = Files.createDirectories(dir).toAbsolutePath();
        Path tmp = Files.createDirectories(root.resolve(".tmp"));
        Vertx vertx = Vertx.vertx();
        WorkerExecutor io = vertx.createSharedWorkerExecutor("files-io", ioThreads);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(host).setPort(port).setTcpNoDelay(true).setHttp2ClearTextEnabled(false))
                .requestHandler(req -> handle(req, root, tmp, io, fsync));
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new FileServer(vertx, server);
    }

    private static void handle(HttpServerRequest req, Path root, Path tmp, WorkerExecutor io, boolean fsync) {
        String path = req.path();
        String name = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        // Not validation of the request, only a fence: no name may leave the directory.
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.startsWith(".")) {
            req.response().setStatusCode(404).end();
            return;
        }
        Path file = root.resolve(name);
        if (req.method() == HttpMethod.PUT) {
            req.body().compose(body -> io.executeBlocking(() -> write(body, file, tmp.resolve(name), fsync), false))
                    .onComplete(ar -> req.response().setStatusCode(ar.succeeded() ? 201 : 500).end());
        } else if (req.method() == HttpMethod.GET) {
            req.response().putHeader("Content-Type", "application/octet-stream").sendFile(file.toString())
                    .onFailure(e -> {
                        if (!req.response().headWritten()) {
                            req.response().setStatusCode(404).end();
                        }
                    });
        } else if (req.method() == HttpMethod.DELETE) {
            io.executeBlocking(() -> Files.deleteIfExists(file), false)
                    .onComplete(ar -> req.response().setStatusCode(ar.succeeded() && ar.result() ? 204 : 404).end());
        } else {
            req.response().setStatusCode(405).end();
        }
    }

    private static Void write(Buffer body, Path file, Path tmp, boolean fsync) throws IOException {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(body.getBytes());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (fsync) {
                channel.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        }
        return null;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
