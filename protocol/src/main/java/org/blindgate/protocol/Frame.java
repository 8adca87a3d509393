package org.blindgate.protocol;

/**
 * The payload of one WebSocket frame of protocol version 1, client to server
 * ({@link ClientFrame}) or server to client ({@link ServerFrame}).
 *
 * <p>Sealed so that a {@code switch} over frames is checked for completeness, and made of
 * records that validate themselves, so that a frame that exists is a frame that may be sent:
 * there is no field in which content could travel (shared/PROTOCOL.md §2).
 */
public sealed interface Frame permits ClientFrame, ServerFrame {

    /** The frame's {@code type} as written on the wire, e.g. {@code presence.subscribe}. */
    String type();
}
