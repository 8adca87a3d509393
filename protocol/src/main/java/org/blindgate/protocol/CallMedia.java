package org.blindgate.protocol;

import java.util.Optional;

/** What a call asks for. The gateway only coordinates calls; media flows peer to peer. */
public enum CallMedia {
    AUDIO("audio"),
    VIDEO("video");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final CallMedia[] VALUES = values();

    private final String wire;

    CallMedia(String wire) {
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
    public static Optional<CallMedia> fromWire(String wire) {
        for (CallMedia value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
