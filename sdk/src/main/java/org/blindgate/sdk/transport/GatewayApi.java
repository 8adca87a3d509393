package org.blindgate.sdk.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.sdk.AuthException;
import org.blindgate.sdk.ServerException;
import org.blindgate.sdk.User;

/**
 * The gateway's REST calls the SDK needs (PROTOCOL.md §1, and {@code GET /v1/users/{userId}}, an
 * addition described in docs/protocol.md). Refusals that mean "log in again" or "pick another
 * name" become {@link AuthException}s; the rest stay {@link ServerException}s.
 */
public final class GatewayApi {

    private final Http http;

    /** Calls the gateway through {@code http}. */
    public GatewayApi(Http http) {
        this.http = http;
    }

    /** Creates an account. */
    public User register(String username, String password) {
        try {
            JsonNode r = http.json("POST", "/v1/auth/register", Map.of("username", username, "password", password), false);
            return user(r);
        } catch (ServerException e) {
            if ("username_taken".equals(e.code())) {
                throw new AuthException("the username '" + username + "' is taken");
            }
            if ("invalid_request".equals(e.code())) {
                throw new AuthException("cannot register '" + username + "': a username is 3-32 of a-z, 0-9, '_', '.', '-'"
                        + " and a password 8-256 characters");
            }
            throw e;
        }
    }

    /**
     * Logs a device in.
     *
     * @param deviceId the device to log in again, or null to register a new device
     */
    public LoginResult login(String username, String password, String deviceName, UUID deviceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        if (deviceId != null) {
            body.put("deviceId", deviceId.toString());
        } else if (deviceName != null) {
            body.put("deviceName", deviceName);
        }
        try {
            return session(http.json("POST", "/v1/auth/login", body, false));
        } catch (ServerException e) {
            if ("invalid_credentials".equals(e.code())) {
                throw new AuthException("wrong username or password");
            }
            if ("not_found".equals(e.code())) {
                throw new AuthException("this device was removed from " + username + "'s account; use a new store"
                        + " to log in as a new device");
            }
            throw e;
        }
    }

    /** Trades a refresh token for a new pair (the refresh token rotates). */
    public LoginResult refresh(String refreshToken) {
        try {
            return session(http.json("POST", "/v1/auth/refresh", Map.of("refreshToken", refreshToken), false));
        } catch (ServerException e) {
            if (e.status() == 401) {
                throw new AuthException("this device's session has ended (logged out, revoked or expired); log in again");
            }
            throw e;
        }
    }

    /** Ends the session the refresh token belongs to. */
    public void logout(String refreshToken) {
        http.json("POST", "/v1/auth/logout", Map.of("refreshToken", refreshToken), false);
    }

    /** The user with this username, if any. */
    public Optional<User> userByName(String username) {
        return lookup("/v1/users/by-username/" + URLEncoder.encode(username, StandardCharsets.UTF_8));
    }

    /** The user with this id, if any. */
    public Optional<User> userById(UUID userId) {
        return lookup("/v1/users/" + userId);
    }

    private Optional<User> lookup(String path) {
        try {
            return Optional.of(user(http.json("GET", path, null, true)));
        } catch (ServerException e) {
            if ("not_found".equals(e.code()) || "invalid_request".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static User user(JsonNode r) {
        return new User(UUID.fromString(r.path("userId").asText()), r.path("username").asText());
    }

    private static LoginResult session(JsonNode r) {
        return new LoginResult(r.path("accessToken").asText(), r.path("refreshToken").asText(),
                r.path("expiresIn").asLong(), UUID.fromString(r.path("userId").asText()),
                UUID.fromString(r.path("deviceId").asText()), r.path("lastSeq").asLong());
    }
}
