package org.blindgate.bench.relay;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The raw relay: the least a WebSocket server on the gateway's framework (Vert.x, default event
 * loops, TCP_NODELAY) must do to route a message. A connection names itself with
 * {@code /relay?id=UUID}; each text frame is forwarded unchanged to the connection of the
 * {@code recipientId} it names, then acknowledged to its sender with
 * {@code {"type":"ack","payload":{"messageId":"..."}}}. No authentication, no validation, no
 * persistence: what the gateway adds to this is what it costs.
 */
public final class RelayServer implements AutoCloseable {

    private static final String RECIPIENT = "\"recipientId\":\"";
    private static final String MESSAGE_ID = "\"messageId\":\"";
    private static final int UUID_CHARS = 36;

    private final Vertx vertx;
    private final HttpServer server;

    private RelayServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts the relay on {@code host}:{@code port} (0: any free port). */
    public static RelayServer start(String host, int port) throws Exception {
        // The gateway's own Vert.x settings (Gateway.start): default event loops, Java NIO.
        Vertx vertx = Vertx.vertx();
        ConcurrentHashMap<String, ServerWebSocket> byId = new ConcurrentHashMap<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(host).setPort(port).setTcpNoDelay(true)
                        .setMaxWebSocketFrameSize(64 * 1024).setMaxWebSocketMessageSize(64 * 1024))
                .webSocketHandler(ws -> accept(ws, byId));
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new RelayServer(vertx, server);
    }

    private static void accept(ServerWebSocket ws, ConcurrentHashMap<String, ServerWebSocket> byId) {
        String query = ws.query();
        String id = query != null && query.startsWith("id=") ? query.substring(3) : null;
        if (id == null || id.length() != UUID_CHARS) {
            ws.close((short) 4003, "name yourself with ?id=UUID");
            return;
        }
        byId.put(id, ws);
        ws.closeHandler(v -> byId.remove(id, ws));
        ws.textMessageHandler(text -> {
            int to = text.indexOf(RECIPIENT);
            int mid = text.indexOf(MESSAGE_ID);
            if (to < 0 || mid < 0 || to + RECIPIENT.length() + UUID_CHARS > text.length()) {
                return;
            }
            ServerWebSocket recipient = byId.get(text.substring(to + RECIPIENT.length(), to + RECIPIENT.length() + UUID_CHARS));
            if (recipient != null) {
                recipient.writeTextMessage(text);
            }
            ws.writeTextMessage("{\"type\":\"ack\",\"payload\":{\"messageId\":\""
                    + text.substring(mid + MESSAGE_ID.length(), mid + MESSAGE_ID.length() + UUID_CHARS) + "\"}}");
        });
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
