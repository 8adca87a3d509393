package org.blindgate.gateway.session;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.blindgate.protocol.Limits;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/ws}: authenticates the upgrade request (bearer header, or for browsers the
 * {@code bearer.<token>} subprotocol) and answers 401 BEFORE upgrading when that fails, so an
 * unauthenticated client never holds a WebSocket.
 */
public final class WebSocketEndpoint {

    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final Vertx vertx;
    private final SessionServices services;

    public WebSocketEndpoint(Vertx vertx, SessionServices services) {
        this.vertx = vertx;
        this.services = services;
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.canUpgradeToWebSocket()) {
            Http.error(ctx, new ApiException(HttpError.INVALID_REQUEST, "this endpoint takes a WebSocket upgrade"));
            return;
        }
        String token = bearerToken(request);
        if (token == null) {
            Http.error(ctx, new ApiException(HttpError.UNAUTHORIZED,
                    "missing bearer token (Authorization header or bearer.<token> subprotocol)"));
            return;
        }
        request.pause();
        services.authenticator().authenticate(token).onComplete(auth -> {
            if (auth.failed()) {
                Http.failure(ctx, auth.cause());
                return;
            }
            request.toWebSocket()
                    .onSuccess(ws -> {
                        UpgradeRemnants.release(request.connection());
                        new ClientSession(ws, auth.result(), vertx, services).start();
                    })
                    .onFailure(e -> log.debug("upgrade failed: {}", e.toString()));
        });
    }

    /** The token from {@code Authorization: Bearer} or from the {@code bearer.} subprotocol. */
    static String bearerToken(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String candidate = p.trim();
                if (candidate.startsWith(Limits.BEARER_SUBPROTOCOL_PREFIX)) {
                    return candidate.substring(Limits.BEARER_SUBPROTOCOL_PREFIX.length());
                }
            }
        }
        return null;
    }
}
