package org.blindgate.protocol;

import java.util.Optional;

/** Whether a user started or stopped typing; relayed, never stored. */
public enum TypingState {
    STARTED("started"),
    STOPPED("stopped");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final TypingState[] VALUES = values();

    private final String wire;

    TypingState(String wire) {
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
    public static Optional<TypingState> fromWire(String wire) {
        for (TypingState value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
