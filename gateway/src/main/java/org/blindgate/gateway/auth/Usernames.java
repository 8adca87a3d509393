package org.blindgate.gateway.auth;

import java.util.regex.Pattern;

/** The username rule of PROTOCOL.md §1: 3-32 of {@code [a-z0-9_.-]}. */
final class Usernames {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,32}");

    private Usernames() {
    }

    static boolean isValid(String username) {
        return username != null && VALID.matcher(username).matches();
    }
}
