package org.blindgate.vault.auth;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.blindgate.token.InvalidTokenException;
import org.blindgate.token.TokenVerifier;
import org.blindgate.vault.http.ApiException;
import org.blindgate.vault.http.VaultError;
import org.blindgate.vault.store.Blocking;

/**
 * Turns a bearer token into a {@link Caller}, with the issuer's published keys only: the vault
 * holds no secret of the gateway's and keeps no account table.
 *
 * <p>Ids are derived exactly as the gateway's {@code Authenticator} derives them, so both services
 * agree on who a device is: {@code sub} is the user id when it is a lowercase UUID, else
 * {@code UUID.nameUUIDFromBytes("sub:" + sub)} (an external identity provider's subject); {@code did}
 * is the device id when it is a lowercase UUID, else
 * {@code UUID.nameUUIDFromBytes("device:" + userId + ":" + (did == null ? "default" : did))}. The
 * gateway's own tokens always carry UUIDs, so for them this is the identity.
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
                case EXPIRED -> new ApiException(VaultError.UNAUTHORIZED, "the access token has expired");
                case UNAVAILABLE -> new ApiException(VaultError.UNAVAILABLE,
                        "the issuer's keys cannot be fetched now");
                default -> new ApiException(VaultError.UNAUTHORIZED, "the access token is not valid");
            };
        }
    }

    /** The gateway's rule, copied exactly (see the class comment). */
    static Caller caller(TokenVerifier.VerifiedToken t) {
        UUID user = parse(t.subject());
        if (user == null) {
            user = UUID.nameUUIDFromBytes(("sub:" + t.subject()).getBytes(StandardCharsets.UTF_8));
        }
        UUID device = t.deviceClaim() == null ? null : parse(t.deviceClaim());
        if (device == null) {
            String name = t.deviceClaim() == null ? "default" : t.deviceClaim();
            device = UUID.nameUUIDFromBytes(("device:" + user + ":" + name).getBytes(StandardCharsets.UTF_8));
        }
        return new Caller(user, device);
    }

    private static UUID parse(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equals(value) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
