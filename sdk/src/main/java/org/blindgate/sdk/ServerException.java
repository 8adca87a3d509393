package org.blindgate.sdk;

/**
 * The gateway or the vault refused a request, or could not be reached.
 *
 * <p>{@link #code()} is the wire error code ({@code invalid_field}, {@code not_found},
 * {@code rate_limited}, {@code conflict}, ...; see PROTOCOL.md §0 and §2), or {@code unreachable}
 * when no answer came at all. {@link #retryable()} says whether the same request may succeed later
 * unchanged.
 */
public final class ServerException extends BlindgateException {

    /** The code used when a service did not answer at all. */
    public static final String UNREACHABLE = "unreachable";

    private final String service;
    private final int status;
    private final String code;

    /**
     * @param service {@code gateway} or {@code vault}
     * @param status  the HTTP status, or 0 for a WebSocket error frame or no answer
     * @param code    the wire error code, or {@link #UNREACHABLE}
     */
    public ServerException(String service, int status, String code, String message) {
        super(message);
        this.service = service;
        this.status = status;
        this.code = code;
    }

    /** Like {@link #ServerException(String, int, String, String)}, with the I/O failure as cause. */
    public ServerException(String service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.status = 0;
        this.code = UNREACHABLE;
    }

    /** {@code gateway} or {@code vault}. */
    public String service() {
        return service;
    }

    /** The HTTP status, or 0 for a WebSocket error frame or when no answer came. */
    public int status() {
        return status;
    }

    /** The wire error code, or {@link #UNREACHABLE}. */
    public String code() {
        return code;
    }

    /** Whether the same request may succeed later: no answer, a rate limit, or a server unavailable. */
    public boolean retryable() {
        return UNREACHABLE.equals(code) || "rate_limited".equals(code) || "unavailable".equals(code)
                || status >= 500;
    }
}
