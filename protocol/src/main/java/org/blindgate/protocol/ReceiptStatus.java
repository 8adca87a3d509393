package org.blindgate.protocol;

import java.util.Optional;

/** What a recipient did with a message, as reported to its sender. */
public enum ReceiptStatus {
    DELIVERED("delivered"),
    READ("read");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final ReceiptStatus[] VALUES = values();

    private final String wire;

    ReceiptStatus(String wire) {
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
    public static Optional<ReceiptStatus> fromWire(String wire) {
        for (ReceiptStatus value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
