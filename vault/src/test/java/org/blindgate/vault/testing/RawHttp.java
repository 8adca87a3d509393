package org.blindgate.vault.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand on a socket, for what a well-behaved client library will not do: paths
 * it would normalise, bodies shorter than their {@code Content-Length}, a body that stops halfway,
 * an endless chunked body.
 */
public final class RawHttp implements AutoCloseable {

    /** A response as read off the wire. */
    public record Response(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(15_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Request line and headers (with Host and the final empty line added). */
    public RawHttp head(String method, String target, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        return write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public RawHttp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body. */
    public RawHttp chunk(byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** Half-closes: the server reads end of stream, the response can still come back. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response (Content-Length or no body). */
    public Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response; got: " + head);
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String headText = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(headText.substring(9, 12));
        Response partial = new Response(status, headText, "");
        String length = partial.header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Response(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection within {@code within} (end of stream or reset). */
    public boolean closedByServer(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            socket.setSoTimeout(200);
            byte[] sink = new byte[8192];
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                }
            }
            return false;
        } catch (IOException e) {
            return true; // reset: closed too
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
