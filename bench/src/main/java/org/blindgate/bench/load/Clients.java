package org.blindgate.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's side of the network: one Vert.x with a few event loops, and one
 * WebSocket client per source address 127.0.0.2, 127.0.0.3, ... so that many thousands of
 * connections to one server port never run out of local ports (each source address has its
 * own ephemeral port range).
 */
public final class Clients implements AutoCloseable {

    private final Vertx vertx;
    private final List<Context> contexts = new ArrayList<>();
    private final List<WebSocketClient> webSockets = new ArrayList<>();
    private final List<String> sourceAddresses = new ArrayList<>();
    private final HttpClient http;

    /**
     * @param threads         event loops of the generator
     * @param sourceAddresses how many loopback source addresses to spread connections over
     */
    public Clients(int threads, int sourceAddresses) {
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(threads)
                .setWorkerPoolSize(4)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        for (int i = 0; i < threads; i++) {
            // Each new context from a non-Vert.x thread takes the next event loop.
            contexts.add(vertx.getOrCreateContext());
        }
        for (int i = 0; i < sourceAddresses; i++) {
            String address = "127.0.0." + (2 + i);
            this.sourceAddresses.add(address);
            webSockets.add(vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setLocalAddress(address)
                    .setMaxConnections(1_000_000)
                    .setTcpNoDelay(true)
                    .setConnectTimeout(30_000)
                    .setMaxFrameSize(65536)
                    .setMaxMessageSize(65536)));
        }
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(64));
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The event-loop context that serves connection (or pair) {@code i}. */
    public Context context(int i) {
        return contexts.get(Math.floorMod(i, contexts.size()));
    }

    public int threads() {
        return contexts.size();
    }

    /** The WebSocket client (and so source address) of connection {@code i}. */
    public WebSocketClient webSocket(int i) {
        return webSockets.get(Math.floorMod(i, webSockets.size()));
    }

    public List<String> sourceAddresses() {
        return List.copyOf(sourceAddresses);
    }

    /** An HTTP client for setup calls (registration, login). */
    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at the end of a run: nothing left to protect
        }
    }
}
