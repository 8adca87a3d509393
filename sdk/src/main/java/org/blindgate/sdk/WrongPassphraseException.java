package org.blindgate.sdk;

/**
 * The passphrase does not open the store. Detected from the store's header before anything else is
 * read or written, so a wrong passphrase changes and destroys nothing: try again with the right one.
 */
public final class WrongPassphraseException extends StoreException {

    /** A wrong passphrase for the store at {@code where}. */
    public WrongPassphraseException(String where) {
        super("the passphrase does not open the store at " + where + "; nothing was changed");
    }
}
