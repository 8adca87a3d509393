package org.blindgate.gateway.auth;

import io.vertx.core.Future;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.DeviceStore;
import org.blindgate.gateway.store.UserStore;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.InvalidTokenException;
import org.blindgate.token.TokenVerifier;

/**
 * Turns a bearer token into a {@link Caller}: signature and claims checked by the
 * {@link TokenVerifier}, then the device checked against the store, so a removed device's
 * tokens stop working at once rather than at expiry.
 *
 * <p>With an external identity provider, users and devices are provisioned on first use, with
 * the ids {@link TokenVerifier.VerifiedToken#userId()} and {@code deviceId()} derive from
 * {@code sub} and {@code did} (the rule the vault shares).
 */
public final class Authenticator {

    private final TokenVerifier verifier;
    private final boolean external;
    private final UserStore users;
    private final DeviceStore devices;
    private final Blocking blocking;
    private final Clock clock;
    private final Duration clockSkew;
    /** External devices known to exist, so provisioning costs one query per device per process. */
    private final Set<UUID> provisioned = ConcurrentHashMap.newKeySet();

    public Authenticator(TokenVerifier verifier, boolean external, UserStore users, DeviceStore devices,
            Blocking blocking, Clock clock, Duration clockSkew) {
        this.verifier = verifier;
        this.external = external;
        this.users = users;
        this.devices = devices;
        this.blocking = blocking;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /**
     * Verifies {@code token} off the event loop (signature checks and a store lookup).
     * Fails with an {@link ApiException}: {@code unauthorized} for a bad, expired or revoked
     * token, {@code unavailable} when an external key set cannot be fetched.
     */
    public Future<Caller> authenticate(String token) {
        return blocking.run(() -> authenticateBlocking(token));
    }

    private Caller authenticateBlocking(String token) throws SQLException {
        TokenVerifier.VerifiedToken verified;
        try {
            verified = verifier.verify(token);
        } catch (InvalidTokenException e) {
            throw switch (e.reason()) {
                case EXPIRED -> new ApiException(HttpError.UNAUTHORIZED, "the access token has expired");
                case UNAVAILABLE -> new ApiException(HttpError.UNAVAILABLE,
                        "the identity provider's keys cannot be fetched now");
                default -> new ApiException(HttpError.UNAUTHORIZED, "the access token is not valid");
            };
        }
        return external ? provision(verified) : local(verified);
    }

    private Caller local(TokenVerifier.VerifiedToken t) throws SQLException {
        UUID user = t.userId();
        UUID device = t.deviceId();
        if (devices.find(user, device).isEmpty()) {
            throw new ApiException(HttpError.UNAUTHORIZED, "the token's device has been removed");
        }
        return new Caller(user, device, usableUntil(t));
    }

    private Caller provision(TokenVerifier.VerifiedToken t) throws SQLException {
        UUID user = t.userId();
        UUID device = t.deviceId();
        if (!provisioned.contains(device)) {
            users.provision(user, usernameHint(t.preferredUsername()), clock.instant());
            devices.ensure(device, user, "external", clock.instant());
            provisioned.add(device);
        }
        return new Caller(user, device, usableUntil(t));
    }

    /**
     * The verifier accepts a token up to the clock skew past its {@code exp}; a connection opened
     * in that window must not be closed (4001) the instant it opens, so it lives as long.
     */
    private Instant usableUntil(TokenVerifier.VerifiedToken t) {
        return t.expiresAt().plus(clockSkew);
    }

    /** Forgets a provisioned device (removed device, deleted account). */
    public void forget(UUID deviceId) {
        provisioned.remove(deviceId);
    }

    private static String usernameHint(String preferred) {
        return preferred != null && Usernames.isValid(preferred) ? preferred : null;
    }
}
