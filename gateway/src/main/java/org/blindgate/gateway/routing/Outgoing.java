package org.blindgate.gateway.routing;

import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.ServerFrame;

/**
 * A server frame on its way to one or more connections, encoded lazily by whichever connection
 * writes it first. Encoding happens on the connections' event loops, not on the thread that
 * produced the frame: the group-commit writer hands out thousands of frames per batch and must
 * not spend its one thread on JSON (docs/performance.md, "the single writer thread").
 * A frame shared by several connections of a user is encoded once (a benign race may encode it
 * twice, never differently).
 */
public final class Outgoing {

    private final String requestId;
    private final ServerFrame frame;
    private volatile String text;

    private Outgoing(String requestId, ServerFrame frame) {
        this.requestId = requestId;
        this.frame = frame;
    }

    /** A frame pushed by the server, not in answer to a request. */
    public static Outgoing of(ServerFrame frame) {
        return new Outgoing(null, frame);
    }

    /** A frame answering the client frame with {@code requestId} (may be null). */
    public static Outgoing reply(String requestId, ServerFrame frame) {
        return new Outgoing(requestId, frame);
    }

    public ServerFrame frame() {
        return frame;
    }

    /** The encoded wire text. */
    public String text() {
        String t = text;
        if (t == null) {
            t = FrameCodec.encode(requestId, frame);
            text = t;
        }
        return t;
    }
}
