package org.blindgate.sdk;

import java.util.Objects;
import java.util.UUID;

/**
 * The account this client's store belongs to: the user and this device. One store holds one device
 * of one user; another device of the same user has its own store (and its own keys).
 */
public record Account(UUID userId, String username, UUID deviceId) {

    public Account {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(deviceId, "deviceId");
    }

    /** This account's user. */
    public User user() {
        return new User(userId, username);
    }
}
