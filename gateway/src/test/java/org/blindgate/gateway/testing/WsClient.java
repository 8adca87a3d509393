package org.blindgate.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.Outbound;
import org.blindgate.protocol.ServerFrame;

/** A real WebSocket client over loopback that records every frame it receives, for tests. */
public final class WsClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(
            new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));

    private final WebSocket ws;
    private final List<Outbound> received = new CopyOnWriteArrayList<>();
    private volatile Short closeCode;

    private WsClient(WebSocket ws) {
        this.ws = ws;
        ws.textMessageHandler(text -> received.add(FrameCodec.decodeServerEnvelope(text)));
        ws.closeHandler(v -> closeCode = ws.closeStatusCode());
    }

    /** Connects with {@code Authorization: Bearer}. */
    public static WsClient connect(int port, String token) {
        return new WsClient(open(new WebSocketConnectOptions().addHeader("Authorization", "Bearer " + token), port));
    }

    /** Connects the way a browser does: the token rides in the subprotocol list. */
    public static WsClient connectWithSubprotocol(int port, String token) {
        return new WsClient(open(new WebSocketConnectOptions().addSubProtocol("blindgate.v1")
                .addSubProtocol("bearer." + token), port));
    }

    /** The HTTP status that refused the upgrade, or 101 when it was accepted. */
    public static int upgradeStatus(int port, String authorization) {
        WebSocketConnectOptions options = new WebSocketConnectOptions();
        if (authorization != null) {
            options.addHeader("Authorization", authorization);
        }
        try {
            open(options, port).close();
            return 101;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UpgradeRejectedException r) {
                return r.getStatus();
            }
            throw e;
        }
    }

    private static WebSocket open(WebSocketConnectOptions options, int port) {
        options.setHost("127.0.0.1").setPort(port).setURI("/v1/ws");
        try {
            return CLIENT.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("WebSocket connect failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("WebSocket connect failed", e);
        }
    }

    public String subProtocol() {
        return ws.subProtocol();
    }

    public void send(ClientFrame frame) {
        send(null, frame);
    }

    public void send(String requestId, ClientFrame frame) {
        sendRaw(FrameCodec.encodeClient(requestId, frame));
    }

    public void sendRaw(String text) {
        ws.writeTextMessage(text);
    }

    public void sendBinary(byte[] bytes) {
        ws.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** Every frame received so far, in order. */
    public List<Outbound> received() {
        return List.copyOf(received);
    }

    /** Every frame of {@code type} received so far, in order. */
    public <T extends ServerFrame> List<T> all(Class<T> type) {
        return received.stream().map(Outbound::frame).filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until at least {@code count} frames of {@code type} have arrived; returns them all. */
    public <T extends ServerFrame> List<T> await(Class<T> type, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> all(type).size() >= count);
        return all(type);
    }

    /** Waits for a frame matching {@code test}, answered to request {@code requestId} if not null. */
    public Outbound awaitReply(String requestId, Predicate<ServerFrame> test) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> find(requestId, test) != null);
        return find(requestId, test);
    }

    private Outbound find(String requestId, Predicate<ServerFrame> test) {
        for (Outbound o : received) {
            if ((requestId == null || requestId.equals(o.requestId())) && test.test(o.frame())) {
                return o;
            }
        }
        return null;
    }

    /** Waits for the server to close the socket and returns the close code. */
    public short awaitClose() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> closeCode != null);
        return closeCode;
    }

    public boolean isClosed() {
        return closeCode != null;
    }

    @Override
    public void close() {
        if (!ws.isClosed()) {
            ws.close();
        }
    }
}
