package org.blindgate.gateway.routing;

import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.ServerFrame;

/**
 * A server frame on its way to one or more connections, encoded lazily by the thread that
 * writes it first (the writer's fan-out thread, a database worker, an event loop), so that the
 * group-commit writer thread, which every message waits for, never spends time on JSON
 * (docs/performance.md). A frame shared by several connections of a user is encoded once (a
 * benign race may encode it twice, never differently).
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
