package org.blindgate.token;

import java.util.Objects;

/**
 * An access token was refused. Checked on purpose: every caller of
 * {@link TokenVerifier#verify(String)} sits on an authentication boundary and must decide what
 * to answer (HTTP 401, WebSocket close 4001, ...), so the compiler should not let it forget.
 *
 * <p>The message never contains the token (it would end up in logs and is a bearer
 * credential); it carries the {@link Reason} and a short library-made detail such as
 * {@code "JWT aud claim rejected"}.
 */
public final class InvalidTokenException extends Exception {

    /** Why the token was refused, in the few classes a caller needs to tell apart. */
    public enum Reason {
        /** Well-formed and correctly signed, but past its {@code exp} (beyond the clock skew).
         * A legitimate client should refresh; on a WebSocket this is close code 4001. */
        EXPIRED("expired"),
        /** Anything else: malformed, forged, wrong algorithm, unknown {@code kid}, wrong
         * {@code iss}/{@code aud}, missing claims, not yet valid. */
        INVALID("invalid"),
        /** The verification keys could not be obtained (the remote JWKS is unreachable or
         * broken), so the token could be neither accepted nor refused: answer 503
         * {@code unavailable}, not 401, so clients do not throw their credentials away. Only a
         * {@link TokenVerifier#remote remote} verifier produces it. */
        UNAVAILABLE("unavailable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The short machine-readable name, e.g. {@code "expired"}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    InvalidTokenException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    InvalidTokenException(Reason reason, String detail, Throwable cause) {
        super("access token rejected (" + reason.code() + "): " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
