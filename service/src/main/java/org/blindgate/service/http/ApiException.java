package org.blindgate.service.http;

import java.time.Duration;

/**
 * A refusal with a wire error code. Thrown anywhere in a request handler; {@link Http#failure}
 * turns it into the response, so there is exactly one place where errors become HTTP.
 */
public final class ApiException extends RuntimeException {

    private final HttpError error;
    private final Duration retryAfter;

    public ApiException(HttpError error, String message) {
        this(error, message, null);
    }

    public ApiException(HttpError error, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public HttpError error() {
        return error;
    }

    /** For {@link HttpError#RATE_LIMITED}: when to try again; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
