package org.blindgate.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.blindgate.sdk.BlindgateException;
import org.blindgate.sdk.ClientListener;
import org.blindgate.sdk.IdentityChangedException;

/**
 * The listener of the scripted commands: what the SDK reports in the background (a dropped
 * connection it is restoring, a message it cannot read, a peer's changed key) goes to stderr as a
 * warning, so stdout holds only results. Each sentence is printed once: a client retrying an
 * unreachable gateway would otherwise repeat it at every attempt. Commands that print messages
 * extend it.
 */
public class Warnings implements ClientListener {

    private final PrintWriter err;
    private final Set<String> printed = ConcurrentHashMap.newKeySet();

    public Warnings(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onIdentityChanged(IdentityChangedException change) {
        warn(change.getMessage() + " ('" + BlindgateChat.NAME + " safety " + change.safetyNumbers().user().username()
                + "' shows it)");
    }

    @Override
    public void onError(BlindgateException error) {
        warn(error.getMessage());
    }

    private void warn(String sentence) {
        if (printed.add(sentence)) {
            err.println(BlindgateChat.NAME + ": warning: " + sentence);
        }
    }
}
