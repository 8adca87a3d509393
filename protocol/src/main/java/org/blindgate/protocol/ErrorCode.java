package org.blindgate.protocol;

import java.util.Optional;

/**
 * The closed set of error codes a server answers a frame with. A client can act on the code
 * alone; the accompanying message is for humans and never repeats what the client sent.
 */
public enum ErrorCode {
    UNKNOWN_FIELD("unknown_field"),
    INVALID_FIELD("invalid_field"),
    UNKNOWN_TYPE("unknown_type"),
    TOO_LARGE("too_large"),
    FORBIDDEN("forbidden"),
    RATE_LIMITED("rate_limited"),
    NOT_FOUND("not_found"),
    UNAVAILABLE("unavailable");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final ErrorCode[] VALUES = values();

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The exact string this value has on the wire. */
    public String wire() {
        return wire;
    }

    /**
     * The value spelled {@code wire} on the wire, or empty when there is none: matching is
     * exact (case-sensitive), because the protocol has one spelling per value.
     */
    public static Optional<ErrorCode> fromWire(String wire) {
        for (ErrorCode value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
