package org.blindgate.protocol;

/**
 * A server frame as a client received it, with the envelope {@code id} of the client frame
 * it answers.
 *
 * @param requestId the echoed request id, or null for frames that answer no request (pushed
 *                  messages, presence, typing) or answer one sent without an id
 */
public record Outbound(String requestId, ServerFrame frame) {

    public Outbound {
        Rules.requireRequestId(requestId, "requestId");
        Rules.require(frame, "frame");
    }
}
