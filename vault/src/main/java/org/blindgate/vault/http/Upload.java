package org.blindgate.vault.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;
import org.blindgate.vault.store.Spool;
import org.blindgate.vault.store.Spooled;

/**
 * Receives one request body into a spool file on the event loop, without a worker thread:
 * counted, hashed (SHA-256) and written as it arrives, with back-pressure (the socket is paused
 * while the file's write queue is full). The size limit is enforced on the count, so an oversized
 * or endless body is cut off at the limit, whatever its {@code Content-Length} claimed.
 *
 * <p>Every way it can fail deletes the spool file before the returned future fails: past the
 * limit ({@code too_large}), an empty body ({@code invalid_request}), the connection closed or
 * timed out by the server's idle timeout mid-body, a write error. So an answer to a refused upload
 * is only sent once nothing of it is left.
 */
public final class Upload {

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final Vertx vertx;
    private final Path path;
    private final long maxBytes;
    private final String what;
    private final MessageDigest digest;
    private final Promise<Spooled> result = Promise.promise();
    private AsyncFile file;
    private long size;
    private boolean done;

    private Upload(RoutingContext ctx, Spool spool, long maxBytes, String what) {
        this.ctx = ctx;
        this.request = ctx.request();
        this.vertx = ctx.vertx();
        this.path = spool.newFile();
        this.maxBytes = maxBytes;
        this.what = what;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Checks the declared size first (a {@code Content-Length} above {@code maxBytes} is refused
     * before a byte is read), then reads the paused request of {@code ctx} into a new file of
     * {@code spool}. Call on the request's event loop.
     *
     * @param what names the upload in error messages ("blob", "attachment")
     */
    public static Future<Spooled> receive(RoutingContext ctx, Spool spool, long maxBytes, String what) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(new ApiException(HttpError.INVALID_REQUEST, "Content-Length is not a number"));
            }
            if (length > maxBytes) {
                return Future.failedFuture(tooLarge(what, maxBytes));
            }
            if (length == 0) {
                return Future.failedFuture(new ApiException(HttpError.INVALID_REQUEST, "the " + what + " is empty"));
            }
        }
        return new Upload(ctx, spool, maxBytes, what).start();
    }

    private static ApiException tooLarge(String what, long maxBytes) {
        return new ApiException(HttpError.TOO_LARGE, "a " + what + " may be at most " + maxBytes + " bytes");
    }

    private Future<Spooled> start() {
        request.exceptionHandler(e -> fail(cutOff()));
        ctx.response().closeHandler(v -> fail(cutOff()));
        if (ctx.response().closed()) {
            fail(cutOff());
            return result.future();
        }
        vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        fail(ar.cause());
                        return;
                    }
                    if (done) { // failed while the file was being created
                        ar.result().close().onComplete(x -> vertx.fileSystem().delete(path.toString()));
                        return;
                    }
                    file = ar.result();
                    file.exceptionHandler(this::fail);
                    request.handler(this::data);
                    request.endHandler(v -> end());
                    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        ctx.response().writeContinue();
                    }
                    request.resume();
                });
        return result.future();
    }

    private static ApiException cutOff() {
        // Nobody will read this answer (the connection is gone); it only keeps the log quiet.
        return new ApiException(HttpError.INVALID_REQUEST, "the upload was cut off before its end");
    }

    private void data(Buffer buffer) {
        if (done) {
            return;
        }
        size += buffer.length();
        if (size > maxBytes) {
            fail(tooLarge(what, maxBytes));
            return;
        }
        digest.update(buffer.getBytes());
        file.write(buffer);
        if (file.writeQueueFull()) {
            request.pause();
            file.drainHandler(v -> {
                if (!done) {
                    request.resume();
                }
            });
        }
    }

    private void end() {
        if (done) {
            return;
        }
        if (size == 0) {
            fail(new ApiException(HttpError.INVALID_REQUEST, "the " + what + " is empty"));
            return;
        }
        done = true;
        file.close().onComplete(ar -> {
            if (ar.failed()) {
                vertx.fileSystem().delete(path.toString()).onComplete(x -> result.fail(ar.cause()));
            } else {
                result.complete(new Spooled(path, size, digest.digest()));
            }
        });
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        Future<Void> closed = file == null ? Future.succeededFuture() : file.close();
        closed.eventually(() -> vertx.fileSystem().delete(path.toString()))
                .onComplete(x -> result.fail(cause));
    }
}
