package org.blindgate.sdk;

/**
 * What a {@link BlindgateClient} reports as it happens. Every method has an empty default, so an
 * application overrides only what it shows. Calls come from one SDK thread, in order; a slow
 * listener delays the client, so hand long work to another thread. An exception thrown by a
 * listener is caught and ignored.
 */
public interface ClientListener {

    /** A message arrived, was decrypted and stored; it has been acknowledged as delivered. */
    default void onMessage(IncomingMessage message) {
    }

    /** Messages this user sent were delivered to, or read by, their recipient (the ticks). */
    default void onReceipt(Receipt receipt) {
    }

    /**
     * A peer device's identity key changed. Nothing is sent to or accepted from it until the user
     * compares {@code change.safetyNumbers()} and calls {@link BlindgateClient#trust}; messages that
     * came from it meanwhile are kept and delivered after that.
     */
    default void onIdentityChanged(IdentityChangedException change) {
    }

    /** The connection to the gateway changed state. */
    default void onConnectionState(ConnectionState state) {
    }

    /**
     * A problem in the background: the connection dropped (it reconnects by itself), a message could
     * not be fetched or decrypted, a key upload failed. An {@link AuthException} here means the
     * session ended and the user must log in again.
     */
    default void onError(BlindgateException error) {
    }
}
