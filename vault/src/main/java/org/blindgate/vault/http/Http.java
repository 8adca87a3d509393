package org.blindgate.vault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's REST boundary: strict JSON bodies in, JSON out, and the one place where failures
 * become PROTOCOL.md §0 {@code {"error":{"code","message"}}} responses.
 *
 * <p>The gateway has its own equivalent; the two deployables share no HTTP code on purpose (the
 * vault must not depend on the gateway), and this one is kept to what the vault needs.
 *
 * <p>Hazard: an error may be answered while the client is still sending a body (a refused upload).
 * Closing at once would make the kernel reset the connection and many clients would then lose the
 * answer, so {@link #error} reads and discards up to {@link #DISCARD_LIMIT} more bytes for at most
 * {@link #DISCARD_MILLIS} before closing; nothing of it is kept.
 */
public final class Http {

    private static final Logger log = LoggerFactory.getLogger(Http.class);
    private static final String JSON = "application/json";
    static final long DISCARD_LIMIT = 1024 * 1024;
    static final long DISCARD_MILLIS = 5_000;

    /**
     * Strict: unknown properties, trailing input, nulls for primitives, strings for numbers and
     * fractions for integers are all errors, so a client learns its mistake instead of having it
     * silently coerced.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** PROTOCOL.md §0: {@code {"error":{"code","message"}}}, in that order. */
    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(String code, String message) {
    }

    private Http() {
    }

    /** Reads the request body as {@code type}; a missing, malformed or unknown-field body is a 400. */
    public static <T> T body(RoutingContext ctx, Class<T> type) {
        if (!hasContentType(ctx.request(), JSON)) {
            throw new ApiException(VaultError.INVALID_REQUEST, "the body must be application/json");
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new ApiException(VaultError.INVALID_REQUEST, "the request needs a JSON body");
        }
        try {
            T value = MAPPER.readValue(ctx.body().buffer().getBytes(), type);
            if (value == null) {
                throw new ApiException(VaultError.INVALID_REQUEST, "the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(VaultError.INVALID_REQUEST, "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            if (e.getCause() instanceof IllegalArgumentException cause) {
                throw new ApiException(VaultError.INVALID_REQUEST, cause.getMessage());
            }
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new ApiException(VaultError.INVALID_REQUEST, field == null
                    ? "the body is not the expected JSON object" : "field '" + field + "' has the wrong type");
        } catch (IOException e) {
            if (e.getCause() instanceof IllegalArgumentException cause) {
                throw new ApiException(VaultError.INVALID_REQUEST, cause.getMessage());
            }
            throw new ApiException(VaultError.INVALID_REQUEST, "the body is not the expected JSON object");
        }
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

    public static UUID uuid(String value, String name) {
        if (value == null || value.length() != 36) {
            throw new ApiException(VaultError.INVALID_REQUEST, name + " must be a lowercase UUID");
        }
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equals(value)) {
                throw new ApiException(VaultError.INVALID_REQUEST, name + " must be a lowercase UUID");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new ApiException(VaultError.INVALID_REQUEST, name + " must be a lowercase UUID");
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

    /** Turns any failure into the wire error; internal failures are logged, never echoed. */
    public static void failure(RoutingContext ctx, Throwable cause) {
        ApiException api;
        if (cause instanceof ApiException a) {
            api = a;
        } else {
            // The path is an address (message, recipient, device) or an attachment id: never a sender.
            log.error("request {} {} failed", ctx.request().method(), ctx.normalizedPath(), cause);
            api = new ApiException(VaultError.UNAVAILABLE, "the vault could not complete the request");
        }
        error(ctx, api);
    }

    /**
     * Answers {@code e}. If the request body has not been read to its end, the connection is
     * closed after the answer (the rest of the body is discarded first, within limits; see the
     * class comment).
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
