package org.blindgate.sdk;

/**
 * Credentials were refused, a username is taken, or the device's session ended (revoked refresh
 * token, removed device, logged out): the user must register or log in again.
 */
public final class AuthException extends BlindgateException {

    /** An authentication failure described by a human sentence. */
    public AuthException(String message) {
        super(message);
    }
}
