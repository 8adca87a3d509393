package org.blindgate.protocol;

/**
 * The bounds of protocol version 1, in one place so that the codec, the gateway and clients
 * cannot drift apart. Changing any of them changes the wire contract (shared/PROTOCOL.md §2)
 * and needs a new protocol version, not just a new release.
 */
public final class Limits {

    /** Largest client frame, in UTF-8 bytes; larger frames are refused before they are parsed. */
    public static final int MAX_FRAME_BYTES = 4096;

    /** Longest envelope {@code id}; it is echoed back, so it must stay small. */
    public static final int MAX_REQUEST_ID_CHARS = 64;

    /** Longest {@code sessionId}, an opaque reference that must not be able to carry content. */
    public static final int MAX_SESSION_ID_CHARS = 128;

    /** Most message ids in one {@code delivered} or {@code read} frame. */
    public static final int MAX_MESSAGE_IDS = 100;

    /** Most user ids in one {@code presence.subscribe} frame. */
    public static final int MAX_PRESENCE_USER_IDS = 500;

    /** Largest page a {@code sync} may ask for. */
    public static final int MAX_SYNC_LIMIT = 1000;

    /** Page size of a {@code sync} that names no {@code limit}. */
    public static final int DEFAULT_SYNC_LIMIT = 500;

    /** Longest token an {@code auth.refresh} may carry. */
    public static final int MAX_TOKEN_CHARS = 2048;

    /** The WebSocket subprotocol the server selects. */
    public static final String SUBPROTOCOL = "blindgate.v1";

    /**
     * Prefix of the second subprotocol a browser offers to carry its access token, because
     * browsers cannot set an {@code Authorization} header on a WebSocket upgrade.
     */
    public static final String BEARER_SUBPROTOCOL_PREFIX = "bearer.";

    private Limits() {
    }
}
