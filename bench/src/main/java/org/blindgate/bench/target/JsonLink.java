package org.blindgate.bench.target;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.blindgate.bench.load.Link;
import org.blindgate.bench.load.MessageFrame;
import org.blindgate.bench.load.MessageIds;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.Outbound;
import org.blindgate.protocol.ProtocolException;
import org.blindgate.protocol.ServerFrame;

/**
 * A WebSocket speaking Blindgate's JSON frames: to the gateway, or to the raw relay, which takes
 * the same {@code message} frames and answers with a minimal {@code ack}.
 *
 * <p>The frames the load depends on ({@code message} and {@code ack}, which every encoder here
 * starts with {@code {"type":...,"payload":{"messageId":"}) are read by position, without a
 * JSON parser, so the generator spends its CPU on sending rather than parsing; anything else
 * (sync.done, errors, a future field order) goes through the protocol's own
 * {@link FrameCodec#decodeServerEnvelope}.
 */
public final class JsonLink implements Link {

    private static final byte[] MESSAGE = "{\"type\":\"message\",\"payload\":{\"messageId\":\""
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK = "{\"type\":\"ack\",\"payload\":{\"messageId\":\""
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUPLICATE = "\"duplicate\"".getBytes(StandardCharsets.US_ASCII);

    private final WebSocket ws;
    private final MessageFrame frame;
    private final MessageIds ids;
    private final Listener listener;
    private volatile boolean closing;

    private JsonLink(WebSocket ws, MessageFrame frame, MessageIds ids, Listener listener) {
        this.ws = ws;
        this.frame = frame;
        this.ids = ids;
        this.listener = listener;
    }

    /**
     * Connects on {@code context}'s event loop.
     *
     * @param partner where this link's messages go (its frame template), or null for a link that only receives
     */
    public static CompletableFuture<Link> open(WebSocketClient client, WebSocketConnectOptions options,
            Context context, UUID partner, int frameBytes, MessageIds ids, Listener listener) {
        CompletableFuture<Link> result = new CompletableFuture<>();
        MessageFrame frame = partner == null ? null : MessageFrame.to(partner, frameBytes, ids);
        context.runOnContext(v -> client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                result.completeExceptionally(ar.cause());
                return;
            }
            JsonLink link = new JsonLink(ar.result(), frame, ids, listener);
            link.listen();
            result.complete(link);
        }));
        return result;
    }

    private void listen() {
        ws.handler(this::onData);
        ws.exceptionHandler(e -> {
            if (!closing) {
                listener.problem("connection error: " + e);
            }
        });
        ws.closeHandler(v -> {
            if (!closing) {
                listener.problem("connection closed by the server (" + ws.closeStatusCode() + " "
                        + ws.closeReason() + ")");
            }
        });
    }

    @Override
    public void send(int sender, long counter) {
        ws.writeTextMessage(frame.renderText(sender, counter));
    }

    /** Sends a {@code sync} (gateway only); the answer comes as messages, then {@link Listener#syncDone}. */
    public void sync(long afterSeq, int limit) {
        ws.writeTextMessage(FrameCodec.encodeClient(null, new ClientFrame.Sync(afterSeq, limit)));
    }

    @Override
    public void close() {
        closing = true;
        ws.close();
    }

    private void onData(Buffer data) {
        byte[] b = data.getBytes();
        if (startsWith(b, MESSAGE)) {
            long lsb = ids.parse(b, MESSAGE.length);
            if (lsb >= 0) {
                listener.received(MessageIds.sender(lsb), MessageIds.counter(lsb), seq(b));
                return;
            }
        } else if (startsWith(b, ACK)) {
            long lsb = ids.parse(b, ACK.length);
            if (lsb >= 0) {
                if (contains(b, DUPLICATE)) {
                    listener.problem("the system answered 'duplicate' to a message sent once");
                }
                listener.acked(MessageIds.sender(lsb), MessageIds.counter(lsb));
                return;
            }
        }
        slowPath(new String(b, StandardCharsets.UTF_8));
    }

    private void slowPath(String text) {
        Outbound out;
        try {
            out = FrameCodec.decodeServerEnvelope(text);
        } catch (ProtocolException e) {
            listener.problem("unreadable frame (" + e.getMessage() + ")");
            return;
        }
        ServerFrame f = out.frame();
        if (f instanceof ServerFrame.Message m) {
            long lsb = ids.parse(m.messageId().toString(), 0);
            if (lsb < 0) {
                listener.problem("a message that this run did not send: " + m.messageId());
            } else {
                listener.received(MessageIds.sender(lsb), MessageIds.counter(lsb), m.seq());
            }
        } else if (f instanceof ServerFrame.Ack a) {
            long lsb = ids.parse(a.messageId().toString(), 0);
            if (lsb < 0) {
                listener.problem("an ack for a message that this run did not send");
            } else {
                listener.acked(MessageIds.sender(lsb), MessageIds.counter(lsb));
            }
        } else if (f instanceof ServerFrame.SyncDone d) {
            listener.syncDone(d.lastSeq(), d.hasMore());
        } else if (f instanceof ServerFrame.Error e) {
            listener.problem("error frame " + e.code().wire() + " (" + e.field() + "): " + e.message());
        }
        // receipts, presence, pong: not part of the load
    }

    /** The {@code seq} of a gateway message frame, which ends with {@code "seq":N}}; -1 if there is none. */
    static long seq(byte[] b) {
        int i = b.length - 1;
        while (i >= 0 && (b[i] == '}' || b[i] == ' ')) {
            i--;
        }
        long value = 0;
        long scale = 1;
        int digitsEnd = i;
        while (i >= 0 && b[i] >= '0' && b[i] <= '9') {
            value += (b[i] - '0') * scale;
            scale *= 10;
            i--;
        }
        if (i == digitsEnd || i + 1 < SEQ.length) {
            return -1;
        }
        for (int k = 0; k < SEQ.length; k++) {
            if (b[i + 1 - SEQ.length + k] != SEQ[k]) {
                return -1;
            }
        }
        return value;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
