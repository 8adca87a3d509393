package org.blindgate.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A recording TCP proxy on loopback between clients and the gateway: what the gateway sent and
 * received, captured at the wire.
 *
 * <p>HTTP exchanges (the REST calls) are recorded as raw bytes in both directions. When one is a
 * WebSocket upgrade answered 101, every WebSocket frame (RFC 6455) after it is parsed: client frames are unmasked, fragments joined, and
 * each message's payload recorded as text; control frames are recorded too. The JDK client offers
 * no compression extension, so payloads are the bytes as written.
 *
 * <p>Faults for resilience tests: {@link #dropNext} withholds the next server text frame that
 * matches, {@link #duplicateNext} forwards it twice.
 */
final class WireTap implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final List<String> clientFrames = new CopyOnWriteArrayList<>();
    private final List<String> serverFrames = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicReference<Predicate<String>> drop = new AtomicReference<>();
    private final AtomicReference<Predicate<String>> duplicate = new AtomicReference<>();
    private volatile boolean closed;

    WireTap(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "wiretap-accept");
        accept.setDaemon(true);
        accept.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Text payloads of the WebSocket messages clients sent, unmasked. */
    List<String> clientFrames() {
        return List.copyOf(clientFrames);
    }

    /** Text payloads of the WebSocket messages the gateway sent. */
    List<String> serverFrames() {
        return List.copyOf(serverFrames);
    }

    /** Every byte of the plain HTTP connections, both directions, plus every WebSocket payload. */
    byte[] everything() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        synchronized (raw) {
            all.writeBytes(raw.toByteArray());
        }
        clientFrames.forEach(f -> all.writeBytes(f.getBytes(StandardCharsets.UTF_8)));
        serverFrames.forEach(f -> all.writeBytes(f.getBytes(StandardCharsets.UTF_8)));
        return all.toByteArray();
    }

    void dropNext(Predicate<String> frame) {
        drop.set(frame);
    }

    void duplicateNext(Predicate<String> frame) {
        duplicate.set(frame);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                start(() -> relay(client, server), "wiretap-conn");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Follows HTTP/1.1 exchanges one at a time (the JDK client does not pipeline) until one is a
     * WebSocket upgrade answered 101; from then on, frames. The upgrade may come on a kept-alive
     * connection that carried REST calls before.
     */
    private void relay(Socket client, Socket server) {
        try {
            InputStream fromClient = client.getInputStream();
            OutputStream toServer = server.getOutputStream();
            InputStream fromServer = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            while (true) {
                byte[] request = head(fromClient);
                String requestHead = new String(request, StandardCharsets.ISO_8859_1);
                forward(request, toServer);
                body(fromClient, requestHead, toServer, false);
                byte[] response = head(fromServer);
                String responseHead = new String(response, StandardCharsets.ISO_8859_1);
                forward(response, toClient);
                if (responseHead.startsWith("HTTP/1.1 101")) {
                    break;
                }
                body(fromServer, responseHead, toClient, requestHead.startsWith("HEAD "));
            }
            start(() -> frames(fromClient, toServer, clientFrames, false, client, server), "wiretap-ws-up");
            frames(fromServer, toClient, serverFrames, true, client, server);
        } catch (IOException e) {
            closeBoth(client, server);
        }
    }

    private void forward(byte[] bytes, OutputStream out) throws IOException {
        record(bytes);
        out.write(bytes);
        out.flush();
    }

    /** Copies one message body (Content-Length or chunked), recording it. */
    private void body(InputStream in, String head, OutputStream out, boolean none) throws IOException {
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        if (none || lower.startsWith("http/1.1 204") || lower.startsWith("http/1.1 304")) {
            return;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lower);
        if (length.find()) {
            copy(in, Long.parseLong(length.group(1)), out);
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                byte[] line = line(in);
                forward(line, out);
                String size = new String(line, StandardCharsets.ISO_8859_1).strip();
                int semicolon = size.indexOf(';');
                long n = Long.parseLong(semicolon < 0 ? size : size.substring(0, semicolon), 16);
                if (n == 0) {
                    byte[] trailer;
                    do {
                        trailer = line(in); // trailers, up to the empty line
                        forward(trailer, out);
                    } while (trailer.length > 2);
                    return;
                }
                copy(in, n, out);
                forward(line(in), out);
            }
        }
    }

    private void copy(InputStream in, long n, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new EOFException();
            }
            forward(java.util.Arrays.copyOf(buffer, read), out);
            n -= read;
        }
    }

    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n') {
                return out.toByteArray();
            }
        }
        throw new EOFException();
    }

    /** An HTTP message head, up to and including the empty line. */
    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            out.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return out.toByteArray();
    }

    private void record(byte[] bytes) {
        synchronized (raw) {
            raw.writeBytes(bytes);
        }
    }

    /** Parses, records and forwards WebSocket frames (applying the faults to server frames). */
    private void frames(InputStream input, OutputStream out, List<String> sink, boolean fromServer, Socket a, Socket b) {
        DataInputStream in = new DataInputStream(input);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                frame.write(b0);
                frame.write(b1);
                long length = b1 & 0x7f;
                if (length == 126) {
                    int l = in.readUnsignedShort();
                    frame.write(l >> 8);
                    frame.write(l);
                    length = l;
                } else if (length == 127) {
                    length = in.readLong();
                    for (int i = 7; i >= 0; i--) {
                        frame.write((int) (length >> (8 * i)));
                    }
                }
                byte[] mask = null;
                if ((b1 & 0x80) != 0) {
                    mask = in.readNBytes(4);
                    frame.writeBytes(mask);
                }
                byte[] payload = in.readNBytes((int) length);
                if (payload.length != length) {
                    throw new EOFException();
                }
                frame.writeBytes(payload);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                }
                int opcode = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                int copies = 1;
                if (opcode == 0 || opcode == 1 || opcode == 2) {
                    message.writeBytes(payload);
                    if (fin) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        sink.add(text);
                        if (fromServer && fin && opcode == 1) {
                            copies = fault(text);
                        }
                    }
                } else {
                    sink.add("control " + opcode + " " + new String(payload, StandardCharsets.UTF_8));
                }
                for (int i = 0; i < copies; i++) {
                    out.write(frame.toByteArray());
                }
                out.flush();
            }
        } catch (IOException ignored) {
            // closed
        }
        closeBoth(a, b);
    }

    private int fault(String text) {
        Predicate<String> d = drop.get();
        if (d != null && d.test(text) && drop.compareAndSet(d, null)) {
            return 0;
        }
        Predicate<String> twice = duplicate.get();
        if (twice != null && twice.test(text) && duplicate.compareAndSet(twice, null)) {
            return 2;
        }
        return 1;
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
