package org.blindgate.service.http;

/**
 * The HTTP error codes of PROTOCOL.md §0, each with its status: the one closed set both services
 * answer from. Each service uses only the codes its part of docs/openapi.yaml lists (schemas
 * {@code Error} and {@code VaultError}); the comments say which codes belong to one service only.
 */
public enum HttpError {
    INVALID_REQUEST(400, "invalid_request"),
    UNAUTHORIZED(401, "unauthorized"),
    /** Gateway only: a login with a wrong password or an unknown user. */
    INVALID_CREDENTIALS(401, "invalid_credentials"),
    /** Gateway only. */
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    CONFLICT(409, "conflict"),
    /** Gateway only. */
    USERNAME_TAKEN(409, "username_taken"),
    TOO_LARGE(413, "too_large"),
    /** Vault only, an addition to §0 for range requests: {@code Range} past the end of an attachment. */
    RANGE_NOT_SATISFIABLE(416, "range_not_satisfiable"),
    RATE_LIMITED(429, "rate_limited"),
    UNAVAILABLE(503, "unavailable");

    private final int status;
    private final String code;

    HttpError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
