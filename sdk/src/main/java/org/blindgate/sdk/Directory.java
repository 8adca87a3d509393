package org.blindgate.sdk;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.blindgate.sdk.store.LocalStore;
import org.blindgate.sdk.transport.GatewayApi;

/**
 * Usernames and user ids, looked up at the gateway and remembered in the store under
 * {@code user/<userId>} (usernames never change in this version), so a sender is shown by name
 * without a lookup per message.
 */
final class Directory {

    private final GatewayApi gateway;
    private final LocalStore store;

    Directory(GatewayApi gateway, LocalStore store) {
        this.gateway = gateway;
        this.store = store;
    }

    /**
     * The user named {@code username}.
     *
     * @throws UserNotFoundException if there is none
     */
    User byName(String username) {
        User u = gateway.userByName(username)
                .orElseThrow(() -> new UserNotFoundException("no user is named '" + username + "'"));
        remember(u);
        return u;
    }

    /** The user with this id; its id as the name when the gateway does not know it or cannot be asked. */
    User byId(UUID userId) {
        byte[] known = store.get("user/" + userId);
        if (known != null) {
            return new User(userId, new String(known, StandardCharsets.UTF_8));
        }
        try {
            return gateway.userById(userId).map(u -> {
                remember(u);
                return u;
            }).orElse(new User(userId, userId.toString()));
        } catch (BlindgateException e) {
            return new User(userId, userId.toString());
        }
    }

    private void remember(User u) {
        store.batch().put("user/" + u.userId(), u.username().getBytes(StandardCharsets.UTF_8)).commit();
    }
}
