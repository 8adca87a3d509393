package org.blindgate.protocol;

import java.util.Optional;

/**
 * The states of a call the gateway coordinates (shared/PROTOCOL.md §2.3). Every state but
 * {@code ringing} and {@code accepted} is final.
 */
public enum CallStateValue {
    /** The callee's online devices are ringing. */
    RINGING("ringing"),
    /** A callee device answered; the others stopped ringing. */
    ACCEPTED("accepted"),
    /** The callee declined. */
    REJECTED("rejected"),
    /** The caller gave up before an answer. */
    CANCELLED("cancelled"),
    /** Nobody answered in time. */
    MISSED("missed"),
    /** The callee was already in an active call. */
    BUSY("busy"),
    /** A party hung up an accepted call, or lost all its connections. */
    ENDED("ended");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final CallStateValue[] VALUES = values();

    private final String wire;

    CallStateValue(String wire) {
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
    public static Optional<CallStateValue> fromWire(String wire) {
        for (CallStateValue value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
