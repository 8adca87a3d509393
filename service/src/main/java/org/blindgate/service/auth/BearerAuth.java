package org.blindgate.service.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.RateLimiter;

/**
 * Guards REST handlers: {@code Authorization: Bearer} is verified, and the caller's bucket of the
 * given rate limiter charged, before the handler runs. Each service brings its own idea of a
 * caller {@code C} and how a token becomes one.
 *
 * <p>For an upload ({@link #wrapUpload}) the request is paused first, so its body waits (in the
 * socket) while the token is checked on a worker; the handler decides when to read it.
 */
public final class BearerAuth<C> {

    /** A request handler that runs only for an authenticated caller. */
    @FunctionalInterface
    public interface AuthenticatedHandler<C> {
        void handle(RoutingContext ctx, C caller);
    }

    private final Function<String, Future<C>> authenticate;
    private final Function<C, UUID> user;

    /**
     * @param authenticate turns a bearer token into a caller, or fails with an {@link ApiException}
     *     ({@code unauthorized}, {@code unavailable}); called on the event loop, so it must not block
     * @param user the caller's user, whose bucket a rate limiter charges
     */
    public BearerAuth(Function<String, Future<C>> authenticate, Function<C, UUID> user) {
        this.authenticate = authenticate;
        this.user = user;
    }

    /** Authenticates, without a rate limit. */
    public Handler<RoutingContext> wrap(AuthenticatedHandler<C> handler) {
        return wrap(null, handler);
    }

    /** Authenticates, then takes one attempt from the caller's bucket of {@code limiter} (429 when empty). */
    public Handler<RoutingContext> wrap(RateLimiter limiter, AuthenticatedHandler<C> handler) {
        return guard(false, limiter, handler);
    }

    /**
     * As {@link #wrap(RateLimiter, AuthenticatedHandler)} for a streamed upload: the request stays
     * paused until the handler reads it, so nothing of the body is read for a refused caller.
     */
    public Handler<RoutingContext> wrapUpload(RateLimiter limiter, AuthenticatedHandler<C> handler) {
        return guard(true, limiter, handler);
    }

    private Handler<RoutingContext> guard(boolean upload, RateLimiter limiter, AuthenticatedHandler<C> handler) {
        return ctx -> {
            if (upload) {
                ctx.request().pause();
            }
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Http.error(ctx, new ApiException(HttpError.UNAUTHORIZED, "missing Authorization: Bearer token"));
                return;
            }
            authenticate.apply(header.substring(7).trim()).onComplete(ar -> {
                if (ar.failed()) {
                    Http.failure(ctx, ar.cause());
                    return;
                }
                C caller = ar.result();
                if (limiter != null) {
                    RateLimiter.Decision decision = limiter.tryAcquire(user.apply(caller).toString());
                    if (!decision.allowed()) {
                        Http.error(ctx, new ApiException(HttpError.RATE_LIMITED, "too many requests; retry after "
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
