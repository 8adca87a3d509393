package org.blindgate.protocol;

/**
 * A client frame as the server received it: the payload and the envelope {@code id} that
 * every reply or error to it must echo, so a client can match answers to requests.
 *
 * @param requestId the client's request id, or null when it sent none
 */
public record Inbound(String requestId, ClientFrame frame) {

    public Inbound {
        Rules.requireRequestId(requestId, "requestId");
        Rules.require(frame, "frame");
    }
}
