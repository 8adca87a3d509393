package org.blindgate.sdk;

/**
 * Every problem the SDK reports, thrown by its calls or handed to
 * {@link ClientListener#onError(BlindgateException)} when it happens in the background.
 *
 * <p>Unchecked, and a small hierarchy: {@link StoreException} (the local store),
 * {@link AuthException} (credentials or session), {@link UserNotFoundException},
 * {@link ServerException} (the gateway or the vault refused or could not be reached) and
 * {@link IdentityChangedException} (a peer's key changed). The message is always one human
 * sentence that a terminal client can print as it is; it never holds a secret, a token or
 * message content.
 */
public class BlindgateException extends RuntimeException {

    /** An error with a human sentence as its message. */
    public BlindgateException(String message) {
        super(message);
    }

    /** An error with a human sentence as its message, caused by {@code cause}. */
    public BlindgateException(String message, Throwable cause) {
        super(message, cause);
    }
}
