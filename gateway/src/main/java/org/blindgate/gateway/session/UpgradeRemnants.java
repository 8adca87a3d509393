package org.blindgate.gateway.session;

import io.netty.channel.ChannelHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees what Vert.x keeps of the HTTP/1.1 exchange a WebSocket was upgraded from.
 *
 * <p>Vert.x 5 (5.0.7, and 5.2.3 still) installs the WebSocket's Netty handler with a connection
 * factory: a lambda that captures the HTTP connection and the handshake, and through them the
 * upgrade request, its response, its headers (the bearer token among them) and the HTTP
 * connection's own 4 KiB write queue. The handler keeps the lambda for the life of the channel,
 * although it is used once, when the WebSocket is created. That was about 7 KiB of live heap
 * per idle connection, 18 KiB before and 11 after (docs/performance.md, idle). Clearing the field
 * once the WebSocket exists lets the collector take all of it.
 *
 * <p>The field is Vert.x's private one, reached by reflection. If a version renames it, this
 * logs once and changes nothing else; {@code UpgradeRemnantsTest} then fails, and also fails
 * once Vert.x stops keeping the exchange, which is when this class should go.
 */
final class UpgradeRemnants {

    private static final Logger log = LoggerFactory.getLogger(UpgradeRemnants.class);
    private static final Field FACTORY = factoryField();

    private UpgradeRemnants() {
    }

    /**
     * Call on the connection's event loop once {@code toWebSocket()} succeeded, with the
     * {@link HttpConnection} of the upgraded request: its channel now carries the WebSocket.
     */
    static void release(HttpConnection upgraded) {
        if (FACTORY == null || !(upgraded instanceof ConnectionBase connection)) {
            return;
        }
        ChannelHandler handler = connection.channel().pipeline().get(VertxHandler.class);
        if (handler == null) {
            return; // closed meanwhile: the whole channel is garbage anyway
        }
        try {
            FACTORY.set(handler, null);
        } catch (IllegalAccessException e) {
            log.debug("cannot release the upgrade's remnants: {}", e.toString());
        }
    }

    private static Field factoryField() {
        try {
            Field f = VertxHandler.class.getDeclaredField("connectionFactory");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("this Vert.x version has no VertxHandler.connectionFactory; each WebSocket keeps its upgrade"
                    + " request until it closes ({})", e.toString());
            return null;
        }
    }
}
