package org.blindgate.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST boundary: strict JSON bodies in, JSON out, and the one place where failures become
 * {@code {"error":{"code","message"}}} responses.
 */
public final class Http {

    private static final Logger log = LoggerFactory.getLogger(Http.class);
    private static final String JSON = "application/json";

    /** Strict: an unknown property in a request body is an error, as on the WebSocket. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    /** PROTOCOL.md §0: {@code {"error":{"code","message"}}}, in that order. */
    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(String code, String message) {
    }

    private Http() {
    }

    /** Reads the request body as {@code type}; a missing, malformed or unknown-field body is a 400. */
    public static <T> T body(RoutingContext ctx, Class<T> type) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase().startsWith(JSON)) {
            throw new ApiException(HttpError.INVALID_REQUEST, "the body must be application/json");
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new ApiException(HttpError.INVALID_REQUEST, "the request needs a JSON body");
        }
        try {
            T value = MAPPER.readValue(ctx.body().buffer().getBytes(), type);
            if (value == null) {
                throw new ApiException(HttpError.INVALID_REQUEST, "the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(HttpError.INVALID_REQUEST, "unknown field '" + e.getPropertyName() + "'");
        } catch (java.io.IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw new ApiException(HttpError.INVALID_REQUEST, cause.getMessage());
            }
            throw new ApiException(HttpError.INVALID_REQUEST, "the body is not the expected JSON object");
        }
    }

    /** A path parameter that must be a lowercase canonical UUID. */
    public static UUID uuidParam(RoutingContext ctx, String name) {
        return uuid(ctx.pathParam(name), name);
    }

    public static UUID uuid(String value, String name) {
        if (value == null || value.length() != 36 || !value.equals(value.toLowerCase())) {
            throw new ApiException(HttpError.INVALID_REQUEST, name + " must be a lowercase UUID");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpError.INVALID_REQUEST, name + " must be a lowercase UUID");
        }
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(MAPPER.writeValueAsString(body));
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
        if (ctx.response().ended()) {
            return;
        }
        ApiException api;
        if (cause instanceof ApiException a) {
            api = a;
        } else {
            log.error("request {} {} failed", ctx.request().method(), ctx.normalizedPath(), cause);
            api = new ApiException(HttpError.UNAVAILABLE, "the server could not complete the request");
        }
        error(ctx, api);
    }

    public static void error(RoutingContext ctx, ApiException e) {
        if (e.retryAfter() != null) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        if (e.error().status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        json(ctx, e.error().status(), new ErrorBody(new ErrorDetail(e.error().code(), e.getMessage())));
    }
}
