package org.blindgate.sdk;

import java.util.UUID;
import org.blindgate.sdk.store.Json;
import org.blindgate.sdk.store.LocalStore;

/**
 * The account a store belongs to, under {@code account}: user, username, this device, and the
 * current refresh token (null after logout). Encrypted with the rest of the store, like every
 * secret the client keeps.
 */
record AccountRecord(UUID userId, String username, UUID deviceId, String refreshToken) {

    static final String NAME = "account";

    static AccountRecord read(LocalStore store) {
        byte[] b = store.get(NAME);
        return b == null ? null : Json.read(b, AccountRecord.class);
    }

    void write(LocalStore.Batch batch) {
        batch.put(NAME, Json.bytes(this));
    }

    AccountRecord withRefreshToken(String token) {
        return new AccountRecord(userId, username, deviceId, token);
    }

    Account account() {
        return new Account(userId, username, deviceId);
    }

    @Override
    public String toString() {
        return "AccountRecord[" + username + ", device " + deviceId + "]";
    }
}
