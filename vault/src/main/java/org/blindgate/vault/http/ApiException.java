package org.blindgate.vault.http;

import java.time.Duration;

/**
 * A refusal with a wire error code. Thrown anywhere in a request handler; {@link Http#failure}
 * turns it into the response, so there is exactly one place where errors become HTTP.
 */
public final class ApiException extends RuntimeException {

    private final VaultError error;
    private final Duration retryAfter;

    public ApiException(VaultError error, String message) {
        this(error, message, null);
    }

    public ApiException(VaultError error, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public VaultError error() {
        return error;
    }

    /** For {@link VaultError#RATE_LIMITED}: when to try again; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
