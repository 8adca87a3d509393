package org.blindgate.protocol;

import java.util.Optional;

/**
 * How the server took a message: {@code duplicate} tells a client that resent a message
 * after a lost acknowledgement that the first copy was already stored and routed.
 */
public enum AckStatus {
    STORED("stored"),
    DUPLICATE("duplicate");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final AckStatus[] VALUES = values();

    private final String wire;

    AckStatus(String wire) {
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
    public static Optional<AckStatus> fromWire(String wire) {
        for (AckStatus value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
