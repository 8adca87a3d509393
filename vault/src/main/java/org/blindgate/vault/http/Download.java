package org.blindgate.vault.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.vault.store.Blocking;
import org.blindgate.vault.store.ObjectStore;
import org.blindgate.vault.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a stored object to the response: read on a worker a piece at a time, written on the
 * event loop, and the next piece read only once the socket has taken the last one. So a download
 * holds at most one piece in memory however large the object, and a slow reader slows the reads.
 *
 * <p>Supports one byte range per request (RFC 9110 §14): {@code Range: bytes=a-b}, {@code a-} or
 * {@code -n}, answered {@code 206} with {@code Content-Range}; {@code If-Range} with the
 * object's {@code ETag} (its hex SHA-256). A range past the end is {@code 416} with
 * {@code Content-Range: bytes *}{@code /size}; several ranges, or a malformed header, are ignored
 * (the whole object, {@code 200}), as RFC 9110 allows.
 */
public final class Download {

    private static final Logger log = LoggerFactory.getLogger(Download.class);
    private static final int PIECE = 128 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private final RoutingContext ctx;
    private final Blocking blocking;
    private InputStream in;

    private Download(RoutingContext ctx, Blocking blocking) {
        this.ctx = ctx;
        this.blocking = blocking;
    }

    /** Answers GET (or HEAD) of {@code stored} from {@code objects}. Call on the event loop. */
    public static void send(RoutingContext ctx, ObjectStore objects, StoredObject stored, Blocking blocking) {
        long size = stored.size();
        long first = 0;
        long last = size - 1;
        boolean partial = false;
        String range = ctx.request().getHeader("Range");
        String ifRange = ctx.request().getHeader("If-Range");
        if (range != null && (ifRange == null || ifRange.trim().equals(stored.etag()))) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) { // suffix: the last n bytes
                    long n = Long.parseLong(m.group(2));
                    first = Math.max(0, size - n);
                    partial = n > 0;
                    if (n == 0) {
                        unsatisfiable(ctx, size);
                        return;
                    }
                } else {
                    long start = Long.parseLong(m.group(1));
                    long end = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
                    if (end >= start) { // else syntactically invalid: ignored, the whole object
                        if (start >= size) {
                            unsatisfiable(ctx, size);
                            return;
                        }
                        first = start;
                        last = Math.min(end, size - 1);
                        partial = true;
                    }
                }
            }
        }
        long length = last - first + 1;
        HttpServerResponse response = ctx.response()
                .setStatusCode(partial ? 206 : 200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length))
                .putHeader(HttpHeaders.ETAG, stored.etag())
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Content-Type-Options", "nosniff");
        if (partial) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        long offset = first;
        Download download = new Download(ctx, blocking);
        blocking.run(() -> objects.open(stored.objectId(), offset, length)).onComplete(ar -> {
            if (ar.failed()) {
                response.headers().clear();
                if (ar.cause() instanceof NoSuchFileException) {
                    // Expired or deleted between the index lookup and now.
                    Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no such object"));
                } else {
                    Http.failure(ctx, ar.cause());
                }
                return;
            }
            download.in = ar.result();
            download.pump();
        });
    }

    private static void unsatisfiable(RoutingContext ctx, long size) {
        ctx.response().putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        Http.error(ctx, new ApiException(HttpError.RANGE_NOT_SATISFIABLE,
                "the range starts at or after the end (" + size + " bytes)"));
    }

    private void pump() {
        HttpServerResponse response = ctx.response();
        blocking.run(() -> in.readNBytes(PIECE)).onComplete(ar -> {
            if (response.closed()) {
                close();
                return;
            }
            if (ar.failed()) {
                // Headers are out: the only honest signal left is to cut the connection short.
                log.warn("download of object failed mid-stream: {}", ar.cause().toString());
                close();
                response.reset();
                return;
            }
            byte[] piece = ar.result();
            if (piece.length == 0) {
                close();
                response.end();
                return;
            }
            response.write(Buffer.buffer(piece));
            if (response.writeQueueFull()) {
                response.drainHandler(v -> pump());
            } else {
                pump();
            }
        });
    }

    private void close() {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing an object stream: {}", e.toString());
        }
    }
}
