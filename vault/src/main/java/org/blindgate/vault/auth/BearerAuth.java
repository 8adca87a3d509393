package org.blindgate.vault.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.blindgate.token.RateLimiter;
import org.blindgate.vault.http.ApiException;
import org.blindgate.vault.http.Http;
import org.blindgate.vault.http.VaultError;

/**
 * Guards REST handlers: {@code Authorization: Bearer} is verified, and the caller's bucket of the
 * given rate limiter charged, before the handler runs.
 *
 * <p>For an upload ({@link #wrapUpload}) the request is paused first, so its body waits (in the
 * socket) while the token is checked on a worker; the handler decides when to read it.
 */
public final class BearerAuth {

    /** A request handler that runs only for an authenticated caller. */
    @FunctionalInterface
    public interface AuthenticatedHandler {
        void handle(RoutingContext ctx, Caller caller);
    }

    private final Authenticator authenticator;

    public BearerAuth(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Authenticates, without a rate limit. */
    public Handler<RoutingContext> wrap(AuthenticatedHandler handler) {
        return wrap(null, handler);
    }

    /** Authenticates, then takes one attempt from the caller's bucket of {@code limiter} (429 when empty). */
    public Handler<RoutingContext> wrap(RateLimiter limiter, AuthenticatedHandler handler) {
        return guard(false, limiter, handler);
    }

    /**
     * As {@link #wrap(RateLimiter, AuthenticatedHandler)} for a streamed upload: the request stays
     * paused until the handler reads it, so nothing of the body is read for a refused caller.
     */
    public Handler<RoutingContext> wrapUpload(RateLimiter limiter, AuthenticatedHandler handler) {
        return guard(true, limiter, handler);
    }

    private Handler<RoutingContext> guard(boolean upload, RateLimiter limiter, AuthenticatedHandler handler) {
        return ctx -> {
            if (upload) {
                ctx.request().pause();
            }
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Http.error(ctx, new ApiException(VaultError.UNAUTHORIZED, "missing Authorization: Bearer token"));
                return;
            }
            authenticator.authenticate(header.substring(7).trim()).onComplete(ar -> {
                if (ar.failed()) {
                    Http.failure(ctx, ar.cause());
                    return;
                }
                Caller caller = ar.result();
                if (limiter != null) {
                    RateLimiter.Decision decision = limiter.tryAcquire(caller.userId().toString());
                    if (!decision.allowed()) {
                        Http.error(ctx, new ApiException(VaultError.RATE_LIMITED, "too many requests; retry after "
                                + decision.retryAfterSeconds() + " s",
                                Duration.ofSeconds(decision.retryAfterSeconds())));
                        return;
                    }
                }
                try {
                    handler.handle(ctx, caller);
                } catch (RuntimeException e) {
                    Http.failure(ctx, e);
                }
            });
        };
    }
}
