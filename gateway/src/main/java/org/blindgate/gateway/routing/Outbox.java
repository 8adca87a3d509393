package org.blindgate.gateway.routing;

import org.blindgate.gateway.auth.Caller;
import org.blindgate.protocol.ServerFrame;

/** One client connection as routing sees it: who it is and how to answer it. Thread-safe. */
public interface Outbox {

    Caller caller();

    /** Sends {@code frame} in answer to the client frame with {@code requestId} (may be null). */
    void reply(String requestId, ServerFrame frame);

    /** Sends an already encoded frame. */
    void push(String encodedFrame);
}
