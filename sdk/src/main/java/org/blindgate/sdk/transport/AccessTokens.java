package org.blindgate.sdk.transport;

/**
 * Where authenticated calls get their bearer token: the current access token, and a fresh one when
 * a service refused it (expired early, or the clock of this machine is off).
 */
public interface AccessTokens {

    /** The access token to send now. */
    String current();

    /**
     * A new access token after {@code rejected} was refused with 401.
     *
     * @throws org.blindgate.sdk.AuthException if the session has ended and the user must log in again
     */
    String renew(String rejected);
}
