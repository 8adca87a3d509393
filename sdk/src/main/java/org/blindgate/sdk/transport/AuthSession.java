package org.blindgate.sdk.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.blindgate.sdk.AuthException;
import org.blindgate.sdk.BlindgateException;

/**
 * The device's tokens: the access token in memory only, the refresh token handed to
 * {@link Listener#rotated} each time it rotates (the client persists it, encrypted). Access tokens
 * are renewed when two thirds of their lifetime have passed (at least 1.5 s ahead of expiry), and on demand when a
 * service refuses one; each new one is also given to {@link Listener#renewed} so the open
 * WebSocket can send {@code auth.refresh} and is never closed with 4001.
 *
 * <p>Hazard: the gateway rotates the refresh token on every use and treats reuse of a spent one
 * as theft (the whole family is revoked). So renewals are serialized here, and the new refresh
 * token must be persisted before the old one could be used again: {@link Listener#rotated} runs
 * before anything else sees the new pair.
 */
public final class AuthSession implements AccessTokens {

    /** Told about new tokens. */
    public interface Listener {
        /** Persist this refresh token; the previous one is spent. */
        void rotated(String refreshToken);

        /** A new access token is in use (for {@code auth.refresh} on the open WebSocket). */
        void renewed(String accessToken);

        /** A scheduled renewal failed; calls will fail until the user logs in again (AuthException) or the gateway is back. */
        void failed(BlindgateException e);
    }

    private final GatewayApi api;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private String accessToken;
    private String refreshToken;
    private Instant expiresAt;
    private ScheduledFuture<?> next;

    /** Renewals scheduled on {@code scheduler}, timed by {@code clock}. */
    public AuthSession(GatewayApi api, Clock clock, ScheduledExecutorService scheduler, Listener listener) {
        this.api = api;
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    /** Starts from a login's answer (whose refresh token the caller has persisted). */
    public synchronized void start(LoginResult login) {
        use(login);
    }

    /** Starts from a persisted refresh token; the first call that needs a token renews it. */
    public synchronized void resume(String storedRefreshToken) {
        this.refreshToken = storedRefreshToken;
        this.accessToken = null;
    }

    /** Whether there is a session. */
    public synchronized boolean active() {
        return refreshToken != null;
    }

    /** The refresh token, for logout. */
    public synchronized String refreshToken() {
        return refreshToken;
    }

    @Override
    public synchronized String current() {
        if (refreshToken == null) {
            throw new AuthException("not logged in: register or log in first");
        }
        if (accessToken == null || !clock.instant().isBefore(expiresAt)) {
            renewNow();
        }
        return accessToken;
    }

    @Override
    public synchronized String renew(String rejected) {
        if (rejected != null && accessToken != null && !rejected.equals(accessToken)) {
            return accessToken; // another call renewed it meanwhile
        }
        renewNow();
        return accessToken;
    }

    private void renewNow() {
        if (refreshToken == null) {
            throw new AuthException("not logged in: register or log in first");
        }
        use(api.refresh(refreshToken));
    }

    private void use(LoginResult r) {
        listener.rotated(r.refreshToken());
        refreshToken = r.refreshToken();
        accessToken = r.accessToken();
        Duration lifetime = Duration.ofSeconds(Math.max(1, r.expiresIn()));
        expiresAt = clock.instant().plus(lifetime);
        if (next != null) {
            next.cancel(false);
        }
        // Two thirds of the lifetime, but at least 1.5 s before the end: `exp` is in whole seconds,
        // so a token may live up to a second less than expiresIn says.
        long renewIn = Math.max(500, Math.min(lifetime.toMillis() * 2 / 3, lifetime.toMillis() - 1500));
        next = scheduler.schedule(this::scheduledRenewal, renewIn, TimeUnit.MILLISECONDS);
        listener.renewed(accessToken);
    }

    private void scheduledRenewal() {
        String token;
        synchronized (this) {
            token = accessToken;
            if (refreshToken == null) {
                return;
            }
        }
        try {
            renew(token);
        } catch (BlindgateException e) {
            listener.failed(e);
            if (!(e instanceof AuthException)) {
                synchronized (this) {
                    next = scheduler.schedule(this::scheduledRenewal, 5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Forgets the tokens (after logout, or when the session ended). */
    public synchronized void end() {
        if (next != null) {
            next.cancel(false);
        }
        accessToken = null;
        refreshToken = null;
    }
}
