package org.blindgate.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.blindgate.sdk.AuthException;
import org.blindgate.sdk.IdentityChangedException;
import org.blindgate.sdk.ServerException;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.UserNotFoundException;
import org.blindgate.sdk.WrongPassphraseException;

/**
 * The exit codes of {@code blindgate-chat}, the one place where an error becomes a code. Scripts
 * branch on them, so a code never changes meaning; {@code --help} lists them all.
 */
public final class Exit {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int AUTH = 3;
    public static final int NOT_FOUND = 4;
    public static final int UNAVAILABLE = 5;
    public static final int WRONG_PASSPHRASE = 6;
    public static final int STORE = 7;
    public static final int IDENTITY_CHANGED = 8;

    private static final Map<String, String> DESCRIPTIONS = descriptions(
            OK, "done",
            FAILED, "the servers refused the request, or another error",
            USAGE, "usage: wrong arguments, or no terminal to ask for a secret and its variable unset",
            AUTH, "authentication: wrong password, username taken, no store yet, or not logged in",
            NOT_FOUND, "no such user",
            UNAVAILABLE, "the gateway or the vault is unreachable or unavailable; try again later",
            WRONG_PASSPHRASE, "the passphrase does not open the store",
            STORE, "the store cannot be used (in use by another process, or damaged)",
            IDENTITY_CHANGED, "a peer's safety number changed: compare it, then 'safety USERNAME --trust'");

    private Exit() {
    }

    /** Code to meaning, in order, for the help's "Exit codes" list. */
    static Map<String, String> descriptions() {
        return DESCRIPTIONS;
    }

    private static Map<String, String> descriptions(Object... codesAndMeanings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < codesAndMeanings.length; i += 2) {
            map.put(String.format("%2d", (Integer) codesAndMeanings[i]), (String) codesAndMeanings[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The code for a failure of a command. */
    public static int of(Throwable error) {
        if (error instanceof CliException c) {
            return c.exitCode();
        }
        if (error instanceof WrongPassphraseException) {
            return WRONG_PASSPHRASE;
        }
        if (error instanceof StoreException) {
            return STORE;
        }
        if (error instanceof AuthException) {
            return AUTH;
        }
        if (error instanceof UserNotFoundException) {
            return NOT_FOUND;
        }
        if (error instanceof IdentityChangedException) {
            return IDENTITY_CHANGED;
        }
        if (error instanceof ServerException s) {
            return s.retryable() ? UNAVAILABLE : FAILED;
        }
        if (error instanceof IllegalArgumentException) {
            return USAGE; // the SDK's refusal of a setting or an argument, e.g. a malformed URL
        }
        return FAILED;
    }
}
