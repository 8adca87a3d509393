package org.blindgate.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST boundary of both services: JSON out, and the one place where failures become
 * PROTOCOL.md §0 {@code {"error":{"code","message"}}} responses. Request bodies are read by
 * {@link JsonBodies}.
 *
 * <p>Hazard: an error may be answered while the client is still sending a body (a refused upload,
 * a body over the limit). Closing at once would make the kernel reset the connection and many
 * clients would then lose the answer, so {@link #error} reads and discards up to
 * {@link #DISCARD_LIMIT} more bytes for at most {@link #DISCARD_MILLIS} before closing; nothing of
 * it is kept.
 */
public final class Http {

    private static final Logger log = LoggerFactory.getLogger(Http.class);
    static final String JSON = "application/json";
    static final long DISCARD_LIMIT = 1024 * 1024;
    static final long DISCARD_MILLIS = 5_000;

    /** Writes responses: absent (null) fields are left out. */
    private static final ObjectMapper WRITER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** PROTOCOL.md §0: {@code {"error":{"code","message"}}}, in that order. */
    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(String code, String message) {
    }

    private Http() {
    }

    /** Whether the request's media type (parameters ignored, case-insensitive) is {@code mediaType}. */
    public static boolean hasContentType(HttpServerRequest request, String mediaType) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals(mediaType);
    }

    /** A path parameter that must be a lowercase canonical UUID. */
    public static UUID uuidParam(RoutingContext ctx, String name) {
        return uuid(ctx.pathParam(name), name);
    }

    /** {@code value} as a UUID if it is one in lowercase canonical form, else {@code invalid_request} naming {@code name}. */
    public static UUID uuid(String value, String name) {
        if (value == null || value.length() != 36) {
            throw new ApiException(HttpError.INVALID_REQUEST, name + " must be a lowercase UUID");
        }
        try {
            UUID id = UUID.fromString(value);
            // UUID.fromString also takes a sign or uppercase digits; the wire form is the canonical one.
            if (!id.toString().equals(value)) {
                throw new ApiException(HttpError.INVALID_REQUEST, name + " must be a lowercase UUID");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpError.INVALID_REQUEST, name + " must be a lowercase UUID");
        }
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(WRITER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            failure(ctx, e);
        }
    }

    public static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).end();
    }

    /** Completes the request with the future's value as JSON, or with its failure. */
    public static <T> void respond(RoutingContext ctx, int status, Future<T> result, Function<T, Object> view) {
        result.onComplete(ar -> {
            if (ar.failed()) {
                failure(ctx, ar.cause());
            } else if (!ctx.response().ended()) {
                json(ctx, status, view.apply(ar.result()));
            }
        });
    }

    /** Completes the request with 204 once {@code work} succeeds, or with its failure. */
    public static void respondEmpty(RoutingContext ctx, Future<?> work) {
        work.onComplete(ar -> {
            if (ar.failed()) {
                failure(ctx, ar.cause());
            } else {
                noContent(ctx);
            }
        });
    }

    /** Turns any failure into the wire error; internal failures are logged, never echoed. */
    public static void failure(RoutingContext ctx, Throwable cause) {
        ApiException api;
        if (cause instanceof ApiException a) {
            api = a;
        } else {
            // Method and path only: at the vault a path is an address (message, recipient, device)
            // or an attachment id, never a sender (DESIGN.md invariant 7).
            log.error("request {} {} failed", ctx.request().method(), ctx.normalizedPath(), cause);
            api = new ApiException(HttpError.UNAVAILABLE, "the server could not complete the request");
        }
        error(ctx, api);
    }

    /**
     * Answers {@code e}, unless the response is already ended or the connection gone. If the
     * request body has not been read to its end, the connection is closed after the answer (the
     * rest of the body is discarded first, within limits; see the class comment).
     */
    public static void error(RoutingContext ctx, ApiException e) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        boolean bodyPending = bodyPending(ctx.request());
        if (e.retryAfter() != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        if (e.error().status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (bodyPending) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        json(ctx, e.error().status(), new ErrorBody(new ErrorDetail(e.error().code(), e.getMessage())));
        if (bodyPending) {
            discardAndClose(ctx);
        }
    }

    /** Whether the client may still be sending a body we have not read. */
    private static boolean bodyPending(HttpServerRequest request) {
        if (request.isEnded()) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }

    private static void discardAndClose(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long[] discarded = {0};
        long timer = ctx.vertx().setTimer(DISCARD_MILLIS, t -> request.connection().close());
        Runnable close = () -> {
            ctx.vertx().cancelTimer(timer);
            request.connection().close();
        };
        request.exceptionHandler(x -> close.run());
        request.endHandler(v -> close.run());
        request.handler(buffer -> {
            discarded[0] += buffer.length();
            if (discarded[0] > DISCARD_LIMIT) {
                close.run();
            }
        });
        request.resume();
    }
}
