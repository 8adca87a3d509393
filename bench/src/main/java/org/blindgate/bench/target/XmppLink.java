package org.blindgate.bench.target;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.blindgate.bench.load.Link;
import org.blindgate.bench.load.MessageFrame;
import org.blindgate.bench.load.MessageIds;

/**
 * A minimal XMPP client over WebSocket (RFC 7395, subprotocol {@code xmpp}): open, SASL PLAIN,
 * re-open, bind, stream management (XEP-0198), initial presence; then {@code chat} messages whose
 * {@code id} is the bench message id and whose body is the same JSON frame the gateway gets.
 *
 * <p>Acks: the server's {@code <a h='N'/>} (stanzas it has handled) acknowledges every message
 * up to N, like the gateway's {@code ack}. The client keeps one {@code <r/>} outstanding at a
 * time, as mobile XMPP clients do: a message sent while no request is pending is followed by
 * {@code <r/>}, and an answer that leaves messages unacknowledged is followed by the next
 * {@code <r/>}. Inbound stanzas are counted and the server's {@code <r/>} answered, as stream
 * management requires.
 */
final class XmppLink implements Link {

    private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final String SM = "urn:xmpp:sm:3";

    private enum State { OPENING, AUTHENTICATING, REOPENING, BINDING, ENABLING, READY }

    private final WebSocket ws;
    private final String domain;
    private final String user;
    private final String password;
    private final String partnerJid;
    private final MessageFrame frame;
    private final MessageIds ids;
    private final Link.Listener listener;
    private final CompletableFuture<Link> ready;
    private State state = State.OPENING;
    /** Stanzas sent since stream management was enabled and not yet acknowledged: their counters, -1 for non-messages. */
    private final ArrayDeque<long[]> unacked = new ArrayDeque<>();
    private long handledByServer;
    private long inbound;
    private boolean ackRequested;
    private volatile boolean closing;

    private XmppLink(WebSocket ws, String domain, String user, String password, String partnerJid,
            MessageFrame frame, MessageIds ids, Link.Listener listener, CompletableFuture<Link> ready) {
        this.ws = ws;
        this.domain = domain;
        this.user = user;
        this.password = password;
        this.partnerJid = partnerJid;
        this.frame = frame;
        this.ids = ids;
        this.listener = listener;
        this.ready = ready;
    }

    /** Connects and logs in on {@code context}; completes once the session is bound, managed and available. */
    static CompletableFuture<Link> open(WebSocketClient client, String host, int port, Context context, String domain,
            String user, String password, String partner, MessageFrame frame, MessageIds ids, Link.Listener listener) {
        CompletableFuture<Link> ready = new CompletableFuture<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")
                .addSubProtocol("xmpp");
        context.runOnContext(v -> client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                ready.completeExceptionally(ar.cause());
                return;
            }
            XmppLink link = new XmppLink(ar.result(), domain, user, password, partner + "@" + domain, frame, ids,
                    listener, ready);
            link.start();
        }));
        return ready;
    }

    private void start() {
        ws.handler(this::onFrame);
        ws.closeHandler(v -> {
            if (!closing) {
                fail("connection closed by ejabberd (" + ws.closeStatusCode() + " " + ws.closeReason() + ")");
            }
        });
        ws.exceptionHandler(e -> {
            if (!closing) {
                fail("connection error: " + e);
            }
        });
        sendOpen();
    }

    private void sendOpen() {
        ws.writeTextMessage("<open xmlns=\"" + FRAMING + "\" to=\"" + domain + "\" version=\"1.0\"/>");
    }

    private void fail(String what) {
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("XMPP login of " + user + ": " + what));
        } else {
            listener.problem(what);
        }
    }

    private void onFrame(Buffer data) {
        String s = data.toString(StandardCharsets.UTF_8);
        if (s.isBlank()) {
            return;
        }
        if (state == State.READY) {
            onStanza(s);
            return;
        }
        switch (state) {
            case OPENING -> {
                if (s.contains("<mechanisms")) {
                    String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                            .getBytes(StandardCharsets.UTF_8));
                    ws.writeTextMessage("<auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"PLAIN\">"
                            + plain + "</auth>");
                    state = State.AUTHENTICATING;
                }
            }
            case AUTHENTICATING -> {
                if (s.startsWith("<success")) {
                    state = State.REOPENING;
                    sendOpen();
                } else if (s.startsWith("<failure")) {
                    fail("SASL failed: " + s);
                }
            }
            case REOPENING -> {
                if (s.contains("<bind")) {
                    state = State.BINDING;
                    ws.writeTextMessage("<iq type=\"set\" id=\"bind1\" xmlns=\"jabber:client\"><bind xmlns="
                            + "\"urn:ietf:params:xml:ns:xmpp-bind\"><resource>bench</resource></bind></iq>");
                }
            }
            case BINDING -> {
                if (s.startsWith("<iq") && s.contains("result")) {
                    state = State.ENABLING;
                    ws.writeTextMessage("<enable xmlns=\"" + SM + "\"/>");
                } else if (s.startsWith("<iq")) {
                    fail("bind failed: " + s);
                }
            }
            case ENABLING -> {
                if (s.startsWith("<enabled")) {
                    state = State.READY;
                    // Initial presence makes the session available, so messages are routed to it live.
                    ws.writeTextMessage("<presence xmlns=\"jabber:client\"/>");
                    unacked.add(new long[] {-1, -1});
                    ready.complete(this);
                } else if (s.startsWith("<failed")) {
                    fail("stream management refused: " + s);
                }
            }
            default -> {
            }
        }
    }

    private void onStanza(String s) {
        if (s.startsWith("<message")) {
            inbound++;
            long lsb = ids.parse(s, idAttribute(s));
            if (lsb < 0) {
                listener.problem("a message without an id of this run: " + s.substring(0, Math.min(200, s.length())));
                return;
            }
            listener.received(MessageIds.sender(lsb), MessageIds.counter(lsb), -1);
        } else if (s.startsWith("<a ")) {
            long h = Long.parseLong(attribute(s, "h"));
            while (handledByServer < h && !unacked.isEmpty()) {
                handledByServer++;
                long[] m = unacked.poll();
                if (m[0] >= 0) {
                    listener.acked((int) m[0], m[1]);
                }
            }
            ackRequested = false;
            if (handledByServer < sentSinceEnable()) {
                requestAck();
            }
        } else if (s.startsWith("<r ") || s.startsWith("<r/")) {
            ws.writeTextMessage("<a xmlns=\"" + SM + "\" h=\"" + inbound + "\"/>");
        } else if (s.startsWith("<presence") || s.startsWith("<iq")) {
            inbound++;
            if (s.startsWith("<iq") && s.contains("type='get'")) {
                // Answer pings and queries politely, so ejabberd does not time the session out.
                ws.writeTextMessage("<iq type=\"error\" id=\"" + attribute(s, "id") + "\" to=\""
                        + attribute(s, "from") + "\" xmlns=\"jabber:client\"/>");
            }
        } else if (s.startsWith("<close") || s.contains("stream:error") || s.startsWith("<error")) {
            if (!closing) {
                listener.problem("ejabberd ended the stream: " + s);
            }
        }
    }

    private static int idAttribute(String s) {
        int end = s.indexOf('>');
        int at = s.indexOf(" id='");
        if (at < 0 || (end >= 0 && at > end)) {
            at = s.indexOf(" id=\"");
        }
        return at < 0 ? -1 : at + 5;
    }

    private static String attribute(String s, String name) {
        int at = s.indexOf(" " + name + "='");
        char quote = '\'';
        if (at < 0) {
            at = s.indexOf(" " + name + "=\"");
            quote = '"';
        }
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 3;
        int to = s.indexOf(quote, from);
        return to < 0 ? "" : s.substring(from, to);
    }

    @Override
    public void send(int sender, long counter) {
        String body = new String(frame.render(sender, counter), StandardCharsets.ISO_8859_1);
        ws.writeTextMessage("<message to=\"" + partnerJid + "\" id=\"" + ids.string(sender, counter)
                + "\" type=\"chat\" xmlns=\"jabber:client\"><body>" + body + "</body></message>");
        unacked.add(new long[] {sender, counter});
        if (!ackRequested) {
            requestAck();
        }
    }

    private void requestAck() {
        ackRequested = true;
        ws.writeTextMessage("<r xmlns=\"" + SM + "\"/>");
    }

    private long sentSinceEnable() {
        return handledByServer + unacked.size();
    }

    @Override
    public void close() {
        closing = true;
        ws.writeTextMessage("<close xmlns=\"" + FRAMING + "\"/>");
        ws.close();
    }
}
