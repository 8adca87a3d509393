package org.blindgate.sdk.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.Limits;
import org.blindgate.protocol.Outbound;
import org.blindgate.protocol.ProtocolException;
import org.blindgate.sdk.AuthException;
import org.blindgate.sdk.BlindgateException;
import org.blindgate.sdk.ServerException;

/**
 * The WebSocket to the gateway ({@code GET /v1/ws}, PROTOCOL.md §2), kept open: after a loss it
 * reconnects with jittered exponential {@link Backoff} until {@link #stop()}. Frames are written
 * and read with the protocol module's {@link FrameCodec}, so the SDK sends exactly what the
 * gateway's strict decoder accepts.
 *
 * <p>Close codes: 4001 (token expired) renews the token and reconnects at once; 4003 (device
 * removed, account deleted) ends the session, reported as an {@link AuthException}; anything
 * else reconnects with backoff. An upgrade refused with 401 renews the token once; refused again,
 * the session has ended.
 *
 * <p>A {@code ping} every {@link #PING_EVERY} notices a connection that died silently (the JDK
 * client has no read timeout): if no frame at all arrives within two pings, it is dropped and
 * reopened.
 */
public final class Connection {

    /** How often an open connection is pinged. */
    public static final Duration PING_EVERY = Duration.ofSeconds(20);

    /** What the connection reports; called on the JDK's WebSocket threads, one call at a time. */
    public interface Handler {
        /** The connection is open (again): time to sync. */
        void opened();

        /** A frame arrived. */
        void received(Outbound frame);

        /** The connection is gone; {@code reconnecting} says whether another attempt follows. */
        void closed(boolean reconnecting, BlindgateException why);
    }

    private final URI uri;
    private final HttpClient client;
    private final AccessTokens tokens;
    private final Handler handler;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Object lock = new Object();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean running;
    private int attempt;
    private long generation;
    private long lastReceived;
    private ScheduledFuture<?> pinger;

    /**
     * @param uri the gateway's {@code ws://host:port/v1/ws} (or {@code wss://})
     */
    public Connection(URI uri, HttpClient client, AccessTokens tokens, Handler handler,
            ScheduledExecutorService scheduler, Backoff backoff) {
        this.uri = uri;
        this.client = client;
        this.tokens = tokens;
        this.handler = handler;
        this.scheduler = scheduler;
        this.backoff = backoff;
    }

    /** Starts connecting (and reconnecting) in the background; a no-op while running. */
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            attempt = 0;
        }
        scheduler.execute(() -> open(false));
    }

    /** Closes the connection for good (until the next {@link #start()}). */
    public void stop() {
        WebSocket s;
        synchronized (lock) {
            running = false;
            generation++;
            s = socket;
            socket = null;
            if (pinger != null) {
                pinger.cancel(false);
            }
        }
        if (s != null) {
            // After the frames already queued (a last `delivered`), then a close, then gone.
            CompletableFuture<?> queued;
            synchronized (lock) {
                queued = sending;
            }
            queued.handle((x, e) -> null).thenCompose(x -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                    .orTimeout(2, TimeUnit.SECONDS).whenComplete((x, e) -> s.abort());
        }
    }

    /** Whether the socket is open now. */
    public boolean isOpen() {
        synchronized (lock) {
            return socket != null;
        }
    }

    /**
     * Sends a frame, after every frame sent before it (the JDK WebSocket takes one send at a
     * time, and frames of one connection keep their order, PROTOCOL.md §2.1).
     *
     * @return completes when written; fails with a {@code unreachable} {@link ServerException}
     *         when the connection is not open
     */
    public CompletableFuture<Void> send(String requestId, ClientFrame frame) {
        String text = FrameCodec.encodeClient(requestId, frame);
        synchronized (lock) {
            WebSocket s = socket;
            if (s == null) {
                return CompletableFuture.failedFuture(notConnected());
            }
            CompletableFuture<Void> written = sending.handle((x, e) -> null)
                    .thenCompose(x -> s.sendText(text, true)).thenApply(ws -> (Void) null);
            sending = written;
            return written;
        }
    }

    private ServerException notConnected() {
        return new ServerException("gateway", "not connected to the gateway at " + uri, null);
    }

    private void open(boolean tokenRenewed) {
        long gen;
        synchronized (lock) {
            if (!running) {
                return;
            }
            gen = ++generation;
        }
        String token;
        try {
            token = tokenRenewed ? tokens.renew(null) : tokens.current();
        } catch (AuthException e) {
            giveUp(e);
            return;
        } catch (BlindgateException e) {
            retryLater(gen, e);
            return;
        }
        client.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .subprotocols(Limits.SUBPROTOCOL)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(gen))
                .whenComplete((ws, failure) -> {
                    if (failure == null) {
                        return; // onOpen does the rest
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof WebSocketHandshakeException h && h.getResponse().statusCode() == 401) {
                        if (tokenRenewed) {
                            giveUp(new AuthException("the gateway refused this device's session; log in again"));
                        } else {
                            scheduler.execute(() -> open(true));
                        }
                        return;
                    }
                    retryLater(gen, new ServerException("gateway", "cannot open the WebSocket to " + uri + ": "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause));
                });
    }

    private void retryLater(long gen, BlindgateException why) {
        Duration delay;
        synchronized (lock) {
            if (!running || gen != generation) {
                return;
            }
            socket = null;
            delay = backoff.delay(attempt++);
        }
        handler.closed(true, why);
        scheduler.schedule(() -> open(false), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void giveUp(BlindgateException why) {
        synchronized (lock) {
            running = false;
            socket = null;
            generation++;
        }
        handler.closed(false, why);
    }

    private void ping(long gen) {
        WebSocket s;
        synchronized (lock) {
            if (gen != generation || socket == null) {
                return;
            }
            s = socket;
            if (System.nanoTime() - lastReceived > 2 * PING_EVERY.toNanos()) {
                s.abort(); // silent for two pings: onError/onClose reconnects
                return;
            }
        }
        send("ping", new ClientFrame.Ping()).exceptionally(e -> null);
    }

    private final class Listener implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();

        Listener(long gen) {
            this.gen = gen;
        }

        private boolean current() {
            synchronized (lock) {
                return running && gen == generation;
            }
        }

        @Override
        public void onOpen(WebSocket ws) {
            synchronized (lock) {
                if (!running || gen != generation) {
                    ws.abort();
                    return;
                }
                socket = ws;
                sending = CompletableFuture.completedFuture(null);
                attempt = 0;
                lastReceived = System.nanoTime();
                pinger = scheduler.scheduleAtFixedRate(() -> ping(gen), PING_EVERY.toMillis(), PING_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            ws.request(1);
            handler.opened();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                synchronized (lock) {
                    lastReceived = System.nanoTime();
                }
                if (current()) {
                    deliver(text);
                }
            }
            ws.request(1);
            return null;
        }

        private void deliver(String text) {
            Outbound frame;
            try {
                frame = FrameCodec.decodeServerEnvelope(text);
            } catch (ProtocolException e) {
                if (e.code() != ErrorCode.UNKNOWN_TYPE) {
                    handler.closed(true, new ServerException("gateway", 0, "invalid_frame",
                            "the gateway sent a frame this client cannot read: " + e.getMessage()));
                }
                return; // a frame type of a newer protocol: ignored
            }
            handler.received(frame);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            lost(code, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(-1, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        }

        private void lost(int code, String reason) {
            synchronized (lock) {
                if (pinger != null) {
                    pinger.cancel(false);
                }
            }
            if (!current()) {
                return;
            }
            if (code == 4003) {
                giveUp(new AuthException("the gateway closed the connection: " + reason
                        + " (this device was removed or the account deleted); log in again"));
            } else if (code == 4001) {
                synchronized (lock) {
                    socket = null;
                }
                handler.closed(true, new ServerException("gateway", 0, "token_expired",
                        "the gateway closed the connection because the access token expired; reconnecting"));
                scheduler.execute(() -> open(true));
            } else {
                retryLater(gen, new ServerException("gateway", 0, ServerException.UNREACHABLE,
                        "the connection to the gateway was lost (" + (code < 0 ? "" : code + " ") + reason
                                + "); reconnecting"));
            }
        }
    }
}
