package org.blindgate.sdk;

/**
 * The local store could not be opened, read or written: a missing or unreadable directory, a store
 * in use by another process, a corrupt file. The store is never modified by the call that throws
 * this, so nothing in it is lost.
 */
public class StoreException extends BlindgateException {

    /** A store failure described by a human sentence. */
    public StoreException(String message) {
        super(message);
    }

    /** A store failure described by a human sentence, caused by {@code cause}. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
