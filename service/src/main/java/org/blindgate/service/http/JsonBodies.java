package org.blindgate.service.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a request body as one JSON object of a given type; a missing, malformed or unknown-field
 * body is {@code 400 invalid_request}. Unknown properties, trailing input and nulls for primitives
 * are errors under both rule sets.
 *
 * <p>Two rule sets, because the two services published different ones and their wire must not
 * change: {@link #STRICT} (the vault) and {@link #COERCING} (the gateway, docs/protocol.md §8:
 * "Content-Type starting with application/json"). Moving the gateway to {@link #STRICT} would
 * refuse requests it accepts today.
 */
public final class JsonBodies {

    /**
     * Media type exactly {@code application/json} (parameters aside); strings for numbers,
     * numbers for strings and fractions for integers are errors, and a field of the wrong type is
     * named, so a client learns its mistake instead of having it silently coerced.
     */
    public static final JsonBodies STRICT = new JsonBodies(true, JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build());

    /**
     * {@code Content-Type} starting with {@code application/json}; Jackson's default scalar
     * coercions (a number where a string is expected is read as its text).
     */
    public static final JsonBodies COERCING = new JsonBodies(false, new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));

    private final boolean strict;
    private final ObjectMapper mapper;

    private JsonBodies(boolean strict, ObjectMapper mapper) {
        this.strict = strict;
        this.mapper = mapper;
    }

    /** The request body as {@code type}, or an {@link ApiException} ({@code invalid_request}) saying what is wrong. */
    public <T> T read(RoutingContext ctx, Class<T> type) {
        if (!declaresJson(ctx)) {
            throw new ApiException(HttpError.INVALID_REQUEST, "the body must be application/json");
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new ApiException(HttpError.INVALID_REQUEST, "the request needs a JSON body");
        }
        try {
            T value = mapper.readValue(ctx.body().buffer().getBytes(), type);
            if (value == null) {
                throw new ApiException(HttpError.INVALID_REQUEST, "the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(HttpError.INVALID_REQUEST, "unknown field '" + e.getPropertyName() + "'");
        } catch (IOException e) {
            // A record's compact constructor refused a value: its message names the field and the rule.
            if (e.getCause() instanceof IllegalArgumentException cause) {
                throw new ApiException(HttpError.INVALID_REQUEST, cause.getMessage());
            }
            String field = strict && e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                    ? m.getPath().get(m.getPath().size() - 1).getFieldName() : null;
            throw new ApiException(HttpError.INVALID_REQUEST, field == null
                    ? "the body is not the expected JSON object" : "field '" + field + "' has the wrong type");
        }
    }

    private boolean declaresJson(RoutingContext ctx) {
        if (strict) {
            return Http.hasContentType(ctx.request(), Http.JSON);
        }
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(Http.JSON);
    }
}
