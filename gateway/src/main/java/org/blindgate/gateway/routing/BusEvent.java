package org.blindgate.gateway.routing;

import java.util.UUID;

/** What the bus carries to the node(s) holding a user's connections. Never content. */
public sealed interface BusEvent {

    /** A server frame for every open connection of the user. */
    record Deliver(Outgoing frame) implements BusEvent {
    }

    /** Close the connections of one device of the user (device removed, account deleted). */
    record CloseDevice(UUID deviceId, short code, String reason) implements BusEvent {
    }

    /** Close every connection of the user. */
    record CloseUser(short code, String reason) implements BusEvent {
    }
}
