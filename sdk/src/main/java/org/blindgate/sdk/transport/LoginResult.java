package org.blindgate.sdk.transport;

import java.util.UUID;

/**
 * The gateway's answer to login and refresh (PROTOCOL.md §1).
 *
 * @param expiresIn seconds until the access token expires
 * @param lastSeq   the user's highest {@code seq} now: where a new device starts syncing
 */
public record LoginResult(String accessToken, String refreshToken, long expiresIn, UUID userId, UUID deviceId,
        long lastSeq) {

    /** Leaves the tokens out: records print their components. */
    @Override
    public String toString() {
        return "LoginResult[user=" + userId + ", device=" + deviceId + ", expiresIn=" + expiresIn + "]";
    }
}
