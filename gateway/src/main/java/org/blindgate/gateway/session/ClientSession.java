package org.blindgate.gateway.session;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.blindgate.gateway.auth.Caller;
import org.blindgate.gateway.routing.Outbox;
import org.blindgate.gateway.routing.Outgoing;
import org.blindgate.gateway.routing.Replay;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.Inbound;
import org.blindgate.protocol.ProtocolException;
import org.blindgate.protocol.ReceiptStatus;
import org.blindgate.protocol.ServerFrame;

/**
 * One authenticated WebSocket: decodes frames strictly, enforces the connection's limits, and
 * hands each frame to its capability. Frames are handled in the order received (reads happen on
 * this connection's event loop; messages enter the single writer queue in that order).
 *
 * <p>Nothing a client sends is ever logged: a refused frame may be an attempt to smuggle content.
 */
final class ClientSession implements Outbox {

    private final ServerWebSocket ws;
    private final Context context;
    private final Vertx vertx;
    private final SessionServices services;
    private final SessionLimits limits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Caller caller;
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private final Replay.ReadAhead readAhead = new Replay.ReadAhead();
    // Written on the event loop, read by the writer's fan-out thread to decide whether to schedule a resume.
    private volatile boolean paused;
    private long expiryTimer = -1;
    // Token bucket for the frame rate, and a per-minute budget of refused frames; both touched
    // only on this connection's event loop.
    private double tokens;
    private long lastRefill = System.nanoTime();
    private int errorsThisWindow;
    private long errorWindowStart = System.nanoTime();
    private volatile boolean closed;

    ClientSession(ServerWebSocket ws, Caller caller, Vertx vertx, SessionServices services) {
        this.ws = ws;
        this.caller = caller;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.services = services;
        this.limits = services.limits();
        this.tokens = limits.burst();
    }

    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(this::onBinary);
        ws.exceptionHandler(this::onError);
        ws.closeHandler(v -> onClosed());
        services.registry().add(this);
        scheduleExpiry();
    }

    /** Netty refuses a frame over the size limit as corrupted, naming the close status (1009). */
    private void onError(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException corrupted) {
            close((short) corrupted.closeStatus().code(), "frame too big");
        } else {
            close(CloseCodes.GOING_AWAY, "connection error");
        }
    }

    @Override
    public Caller caller() {
        return caller;
    }

    private void onBinary(Buffer ignored) {
        refuse(FrameCodec.nonTextFrame());
    }

    private void onText(String text) {
        if (closed) {
            return;
        }
        if (!takeToken()) {
            close(CloseCodes.RATE_LIMITED, "rate limited");
            return;
        }
        Inbound inbound;
        try {
            inbound = FrameCodec.decodeClient(text);
        } catch (ProtocolException e) {
            refuse(e);
            return;
        }
        ClientFrame frame = inbound.frame();
        String id = inbound.requestId();
        services.metrics().frameIn(frame.type());
        if (frame instanceof ClientFrame.Message m) {
            sendMessage(id, m);
        } else if (frame instanceof ClientFrame.Sync s) {
            services.replay().sync(this, id, s, readAhead);
        } else if (frame instanceof ClientFrame.Delivered d) {
            services.receipts().mark(this, id, d.messageIds(), ReceiptStatus.DELIVERED);
        } else if (frame instanceof ClientFrame.Read r) {
            services.receipts().mark(this, id, r.messageIds(), ReceiptStatus.READ);
        } else if (frame instanceof ClientFrame.AuthRefresh a) {
            refreshToken(id, a.token());
        } else if (frame instanceof ClientFrame.Ping) {
            reply(id, new ServerFrame.Pong());
        } else {
            // typing, presence and calls are PROTOCOL.md frames this gateway does not serve yet.
            reply(id, new ServerFrame.Error(ErrorCode.UNAVAILABLE, "type",
                    "frame type " + frame.type() + " is not served by this gateway version"));
        }
    }

    /**
     * Stops reading at this connection's window or when the writer is backlogged (see
     * {@link org.blindgate.gateway.store.MessageWriter#backlogged()}); either way the frame
     * already read is still sent, nothing is dropped.
     */
    private void sendMessage(String id, ClientFrame.Message m) {
        boolean windowFull = inFlight.incrementAndGet() >= limits.maxInFlight();
        if ((windowFull || services.relay().backlogged()) && !paused) {
            paused = true;
            ws.pause();
            // The writer may have settled the window, or drained, before `paused` was visible.
            scheduleResume();
        }
        services.relay().send(this, id, m, this::settled);
    }

    /** Runs on the writer's fan-out thread, after the message's ack was written. */
    private void settled() {
        if (inFlight.decrementAndGet() <= limits.maxInFlight() / 2 && paused) {
            scheduleResume();
        }
    }

    /** At most one pending resume task: a task per settled message would flood the event loop. */
    private void scheduleResume() {
        if (resumeScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                resumeScheduled.set(false);
                if (!paused || inFlight.get() > limits.maxInFlight() / 2) {
                    return; // settled() schedules again when the window drains
                }
                if (services.relay().backlogged()) {
                    services.relay().whenRoom(this::scheduleResume);
                } else {
                    paused = false;
                    ws.resume();
                }
            });
        }
    }

    private void refreshToken(String id, String token) {
        services.authenticator().authenticate(token).onComplete(result -> {
            if (result.failed()) {
                reply(id, new ServerFrame.Error(ErrorCode.FORBIDDEN, "payload.token",
                        "the token is not valid: " + result.cause().getMessage()));
                return;
            }
            Caller next = result.result();
            if (!next.userId().equals(caller.userId()) || !next.deviceId().equals(caller.deviceId())) {
                reply(id, new ServerFrame.Error(ErrorCode.FORBIDDEN, "payload.token",
                        "the token is for another user or device than this connection"));
                return;
            }
            caller = next;
            scheduleExpiry();
        });
    }

    private void scheduleExpiry() {
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        long delay = Math.max(1, Duration.between(Clock.systemUTC().instant(), caller.expiresAt()).toMillis());
        expiryTimer = vertx.setTimer(delay, t -> close(CloseCodes.TOKEN_EXPIRED, "token expired"));
    }

    private void refuse(ProtocolException e) {
        services.metrics().refused();
        reply(e.requestId(), e.toFrame());
        long now = System.nanoTime();
        if (now - errorWindowStart > 60_000_000_000L) {
            errorWindowStart = now;
            errorsThisWindow = 0;
        }
        if (++errorsThisWindow > limits.protocolErrors()) {
            close(CloseCodes.PROTOCOL_ERRORS, "too many protocol errors");
        }
    }

    private boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(limits.burst(), tokens + (now - lastRefill) * limits.framesPerSecond() / 1e9);
        lastRefill = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /**
     * Writes the frame. Called from any thread: from a thread other than this connection's
     * event loop (the writer's fan-out, a database worker) Vert.x queues the write and flushes
     * the whole burst once on the event loop, which is why frames are encoded and written from
     * the producing thread rather than handed to the event loop one task each.
     */
    @Override
    public void push(Outgoing frame) {
        if (closed) {
            return;
        }
        ServerFrame f = frame.frame();
        if (f instanceof ServerFrame.Ack a) {
            services.metrics().ack(a.status());
        }
        services.metrics().frameOut(f.type());
        ws.writeTextMessage(frame.text());
    }

    void close(short code, String reason) {
        if (!closed) {
            closed = true;
            ws.close(code, reason);
        }
    }

    private void onClosed() {
        closed = true;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        services.registry().remove(this);
    }
}
