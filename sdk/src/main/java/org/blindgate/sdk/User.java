package org.blindgate.sdk;

import java.util.Objects;
import java.util.UUID;

/** A user as the gateway names it: the id used on the wire and the username people type. */
public record User(UUID userId, String username) {

    public User {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
    }
}
