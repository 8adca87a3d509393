package org.blindgate.protocol;

import java.util.Optional;

/** Whether a user has a live connection, as far as the asking user may see. */
public enum PresenceStatus {
    ONLINE("online"),
    OFFLINE("offline");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final PresenceStatus[] VALUES = values();

    private final String wire;

    PresenceStatus(String wire) {
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
    public static Optional<PresenceStatus> fromWire(String wire) {
        for (PresenceStatus value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
