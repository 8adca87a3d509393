package org.blindgate.sdk;

/** The state of the WebSocket to the gateway, reported by {@link ClientListener#onConnectionState}. */
public enum ConnectionState {
    /** Opening the WebSocket, or waiting (with backoff) before the next attempt. */
    CONNECTING,
    /** Open; catching up with {@code sync}. */
    SYNCING,
    /** Open and caught up: new messages arrive live. */
    ONLINE,
    /** Closed by {@link BlindgateClient#disconnect()} or {@link BlindgateClient#close()}, or given up (session ended). */
    OFFLINE
}
