package org.blindgate.gateway.routing;

import org.blindgate.gateway.auth.Caller;
import org.blindgate.protocol.ServerFrame;

/** One client connection as routing sees it: who it is and how to answer it. Thread-safe. */
public interface Outbox {

    Caller caller();

    /**
     * Sends a frame to this connection; frames pushed from one thread leave in that order.
     * Callable from any thread; never blocks.
     */
    void push(Outgoing frame);

    /** Sends {@code frame} in answer to the client frame with {@code requestId} (may be null). */
    default void reply(String requestId, ServerFrame frame) {
        push(Outgoing.reply(requestId, frame));
    }
}
