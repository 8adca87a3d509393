package org.blindgate.protocol;

import java.util.Optional;

/**
 * The closed set of error codes a server answers a frame with. A client can act on the code
 * alone; the accompanying message is for humans and never repeats what the client sent.
 */
public enum ErrorCode {
    /**
     * The frame holds a field its type does not define. Refused rather than ignored: an
     * ignored field would be a place where content could travel.
     */
    UNKNOWN_FIELD("unknown_field"),
    /**
     * A field is missing, null, of the wrong JSON kind, of the wrong form or out of bounds.
     * With no field named, the frame as a whole is at fault: it is not valid UTF-8 JSON, not
     * exactly one JSON object, or a binary frame.
     */
    INVALID_FIELD("invalid_field"),
    /** The {@code type} is not one protocol version 1 defines for this direction. */
    UNKNOWN_TYPE("unknown_type"),
    /** The frame is over {@link Limits#MAX_FRAME_BYTES} bytes; it was not parsed. */
    TOO_LARGE("too_large"),
    /** Well formed, but the sender may not do this (for instance, it is not a member). */
    FORBIDDEN("forbidden"),
    /** The sender is over a rate limit; the frame had no effect and may be sent later. */
    RATE_LIMITED("rate_limited"),
    /** The frame names something that does not exist or that the sender may not see. */
    NOT_FOUND("not_found"),
    /** The server cannot handle the frame now (for instance, storage is down); retry later. */
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
