package org.blindgate.protocol;

import java.util.Optional;

/**
 * What kind of content a message carries. It is the only hint about content the gateway ever
 * sees, which is why the set is closed and coarse: the content itself travels encrypted
 * through the vault.
 */
public enum MessageType {
    TEXT("text"),
    IMAGE("image"),
    VIDEO("video"),
    AUDIO("audio"),
    FILE("file"),
    LOCATION("location"),
    CONTACT("contact"),
    STICKER("sticker"),
    REACTION("reaction"),
    CALL_SIGNAL("call_signal"),
    SYSTEM("system");

    // values() copies its array on every call; a lookup on every frame should not.
    private static final MessageType[] VALUES = values();

    private final String wire;

    MessageType(String wire) {
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
    public static Optional<MessageType> fromWire(String wire) {
        for (MessageType value : VALUES) {
            if (value.wire.equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
