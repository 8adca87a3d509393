package org.blindgate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real upgrade over loopback, then full collections while the WebSocket stays open: the HTTP
 * connection it was upgraded from must be collectable once released, and (the control, which
 * also tells when Vert.x fixed this itself) is still reachable when not.
 */
class UpgradeRemnantsTest {

    private Vertx vertx;
    private final List<ServerWebSocket> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void releasedUpgradeLeavesNothingOfTheHttpConnection() throws Exception {
        WeakReference<HttpConnection> http = upgradeAndKeepOpen(true);
        assertThat(collectedAfterFullGcs(http)).isTrue();
        assertThat(open).hasSize(1);
    }

    @Test
    void withoutReleaseVertxKeepsTheHttpConnectionForTheWebSocketsLife() throws Exception {
        WeakReference<HttpConnection> http = upgradeAndKeepOpen(false);
        assertThat(collectedAfterFullGcs(http)).isFalse();
        assertThat(open).hasSize(1);
    }

    /** Upgrades one connection; only a weak reference to its HTTP connection leaves the handler. */
    private WeakReference<HttpConnection> upgradeAndKeepOpen(boolean release) throws Exception {
        List<WeakReference<HttpConnection>> upgraded = new CopyOnWriteArrayList<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> {
                    upgraded.add(new WeakReference<>(request.connection()));
                    request.toWebSocket().onSuccess(ws -> {
                        if (release) {
                            UpgradeRemnants.release(request.connection());
                        }
                        open.add(ws);
                    });
                });
        int port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(port, "127.0.0.1", "/").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(ws.isClosed()).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !open.isEmpty());
        return upgraded.get(0);
    }

    /** A few full collections (System.gc() is one, here): an unreachable referent goes in the first. */
    private static boolean collectedAfterFullGcs(WeakReference<?> ref) {
        for (int i = 0; i < 3 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }
}
