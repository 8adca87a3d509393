package org.blindgate.sdk;

/** No user has this username (or id), or the user has not set up a device that can receive messages. */
public final class UserNotFoundException extends BlindgateException {

    /** A missing user described by a human sentence. */
    public UserNotFoundException(String message) {
        super(message);
    }
}
