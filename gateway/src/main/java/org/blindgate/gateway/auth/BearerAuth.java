package org.blindgate.gateway.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.blindgate.gateway.http.ApiException;
import org.blindgate.gateway.http.Http;
import org.blindgate.gateway.http.HttpError;

/** Guards REST handlers: {@code Authorization: Bearer} is verified before the handler runs. */
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

    public Handler<RoutingContext> wrap(AuthenticatedHandler handler) {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Http.error(ctx, new ApiException(HttpError.UNAUTHORIZED, "missing Authorization: Bearer token"));
                return;
            }
            authenticator.authenticate(header.substring(7).trim()).onComplete(ar -> {
                if (ar.failed()) {
                    Http.failure(ctx, ar.cause());
                    return;
                }
                try {
                    handler.handle(ctx, ar.result());
                } catch (RuntimeException e) {
                    Http.failure(ctx, e);
                }
            });
        };
    }
}
