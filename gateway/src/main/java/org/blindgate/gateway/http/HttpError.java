package org.blindgate.gateway.http;

/** The HTTP error codes of PROTOCOL.md §0, each with its status. */
public enum HttpError {
    INVALID_REQUEST(400, "invalid_request"),
    UNAUTHORIZED(401, "unauthorized"),
    INVALID_CREDENTIALS(401, "invalid_credentials"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    CONFLICT(409, "conflict"),
    USERNAME_TAKEN(409, "username_taken"),
    TOO_LARGE(413, "too_large"),
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
