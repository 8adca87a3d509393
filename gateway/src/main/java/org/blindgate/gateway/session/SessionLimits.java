package org.blindgate.gateway.session;

/**
 * Per-connection limits.
 *
 * @param maxInFlight      messages a connection may have waiting for their commit; past this
 *                         the connection stops reading (back-pressure instead of an unbounded queue)
 * @param framesPerSecond  sustained frame rate; a connection above it is closed with 4029
 * @param burst            frames allowed at once above the sustained rate
 * @param protocolErrors   refused frames tolerated per minute before closing with 4008
 */
public record SessionLimits(int maxInFlight, int framesPerSecond, int burst, int protocolErrors) {

    public static final SessionLimits DEFAULT = new SessionLimits(256, 2000, 4000, 20);

    public SessionLimits {
        if (maxInFlight < 1 || framesPerSecond < 1 || burst < 1 || protocolErrors < 1) {
            throw new IllegalArgumentException("session limits must all be at least 1");
        }
    }
}
