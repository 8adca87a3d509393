package org.blindgate.vault.auth;

import io.vertx.core.Future;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.InvalidTokenException;
import org.blindgate.token.TokenVerifier;
import org.blindgate.vault.store.Blocking;

/**
 * Turns a bearer token into a {@link Caller}, with the issuer's published keys only: the vault
 * holds no secret of the gateway's and keeps no account table.
 *
 * <p>Ids come from {@link TokenVerifier.VerifiedToken#userId()} and {@code deviceId()}, the one
 * rule the gateway uses too, so both services agree on who a device is.
 *
 * <p>Unlike the gateway, the vault cannot see that a device was removed; a removed device's
 * tokens work here until they expire (15 minutes at most).
 */
public final class Authenticator {

    private final TokenVerifier verifier;
    private final Blocking blocking;

    /** @param blocking where verification runs: a remote verifier may fetch the JWKS */
    public Authenticator(TokenVerifier verifier, Blocking blocking) {
        this.verifier = verifier;
        this.blocking = blocking;
    }

    /**
     * Verifies {@code token} off the event loop. Fails with an {@link ApiException}:
     * {@code unauthorized} for a bad or expired token, {@code unavailable} when the issuer's keys
     * cannot be fetched.
     */
    public Future<Caller> authenticate(String token) {
        return blocking.run(() -> caller(verify(token)));
    }

    private TokenVerifier.VerifiedToken verify(String token) {
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw switch (e.reason()) {
                case EXPIRED -> new ApiException(HttpError.UNAUTHORIZED, "the access token has expired");
                case UNAVAILABLE -> new ApiException(HttpError.UNAVAILABLE,
                        "the issuer's keys cannot be fetched now");
                default -> new ApiException(HttpError.UNAUTHORIZED, "the access token is not valid");
            };
        }
    }

    static Caller caller(TokenVerifier.VerifiedToken t) {
        return new Caller(t.userId(), t.deviceId());
    }
}
