package org.blindgate.vault.http;

/** The HTTP error codes of PROTOCOL.md §0 that the vault answers, each with its status. */
public enum VaultError {
    INVALID_REQUEST(400, "invalid_request"),
    UNAUTHORIZED(401, "unauthorized"),
    NOT_FOUND(404, "not_found"),
    CONFLICT(409, "conflict"),
    TOO_LARGE(413, "too_large"),
    /** An addition to §0 for range requests: {@code Range} past the end of an attachment. */
    RANGE_NOT_SATISFIABLE(416, "range_not_satisfiable"),
    RATE_LIMITED(429, "rate_limited"),
    UNAVAILABLE(503, "unavailable");

    private final int status;
    private final String code;

    VaultError(int status, String code) {
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
