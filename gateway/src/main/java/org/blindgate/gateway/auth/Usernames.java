package org.blindgate.gateway.auth;

import java.util.regex.Pattern;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;

/** The username rule of PROTOCOL.md §1: 3-32 of {@code [a-z0-9_.-]}. */
final class Usernames {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,32}");

    private Usernames() {
    }

    static boolean isValid(String username) {
        return username != null && VALID.matcher(username).matches();
    }

    /** Refuses an invalid username with the one wire error and message for it. */
    static void require(String username) {
        if (!isValid(username)) {
            throw new ApiException(HttpError.INVALID_REQUEST, "username must be 3-32 characters of a-z 0-9 _ . -");
        }
    }
}
