package org.blindgate.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.gateway.routing.Dispatcher;
import org.blindgate.gateway.session.CloseCodes;
import org.blindgate.gateway.store.DeviceStore;
import org.blindgate.gateway.store.MessageWriter;
import org.blindgate.gateway.store.RefreshTokenStore;
import org.blindgate.gateway.store.UserStore;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.TokenIssuer;

/**
 * Accounts, logins and devices (PROTOCOL.md §1). Blocking: call through the worker pool.
 * Passwords are Argon2id hashes; refresh tokens are random, stored as SHA-256 digests, and
 * rotate on every use.
 */
public final class Accounts {

    /** What a login or a refresh hands out. */
    public record Session(String accessToken, String refreshToken, long expiresIn, UUID userId, UUID deviceId,
            long lastSeq) {
        @Override
        public String toString() {
            return "Session[userId=" + userId + ", deviceId=" + deviceId + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserStore users;
    private final DeviceStore devices;
    private final RefreshTokenStore refreshTokens;
    private final Credentials credentials;
    private final Dispatcher router;
    private final MessageWriter writer;
    private final Clock clock;

    /** Password checks and token minting, the part of an account that holds secrets; null with an external IdP. */
    public record Credentials(PasswordHasher hasher, TokenIssuer issuer, Duration refreshLifetime,
            LoginThrottle throttle) {
    }

    public Accounts(UserStore users, DeviceStore devices, RefreshTokenStore refreshTokens, Credentials credentials,
            Dispatcher router, MessageWriter writer, Clock clock) {
        this.users = users;
        this.devices = devices;
        this.refreshTokens = refreshTokens;
        this.credentials = credentials;
        this.router = router;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Whether this gateway registers users and issues tokens; with an external identity provider
     * (no credentials) only devices and account erasure are served here.
     */
    public boolean issuesTokens() {
        return credentials != null;
    }

    public UserStore.User register(String username, String password) throws SQLException {
        Usernames.require(username);
        requirePassword(password);
        String hash = credentials.hasher().hash(password);
        try {
            return users.create(username, hash, clock.instant());
        } catch (UserStore.UsernameTakenException e) {
            throw new ApiException(HttpError.USERNAME_TAKEN, "username '" + username + "' is taken");
        }
    }

    public Session login(String username, String password, String deviceName, String deviceId, String address)
            throws SQLException {
        if (username == null || password == null) {
            throw new ApiException(HttpError.INVALID_REQUEST, "username and password are required");
        }
        credentials.throttle().check(username, address);
        Optional<UserStore.User> user = users.byUsername(username);
        if (user.isEmpty() || user.get().passwordHash() == null) {
            credentials.hasher().burn(password);
            throw new ApiException(HttpError.INVALID_CREDENTIALS, "wrong username or password");
        }
        if (!credentials.hasher().verify(password, user.get().passwordHash())) {
            throw new ApiException(HttpError.INVALID_CREDENTIALS, "wrong username or password");
        }
        UUID userId = user.get().id();
        if (credentials.hasher().needsRehash(user.get().passwordHash())) {
            // Hashing parameters were raised since this password was set: upgrade it while we have it.
            users.updatePasswordHash(userId, credentials.hasher().hash(password));
        }
        DeviceStore.Device device;
        if (deviceId != null) {
            UUID id = parseUuid(deviceId, "deviceId");
            device = devices.find(userId, id).orElseThrow(() ->
                    new ApiException(HttpError.NOT_FOUND, "this user has no device " + deviceId));
        } else {
            device = devices.create(userId, deviceName(deviceName), clock.instant());
        }
        devices.touch(device.id(), clock.instant());
        return issue(userId, device.id(), UUID.randomUUID(), user.get().lastSeq());
    }

    public Session refresh(String refreshToken) throws SQLException {
        if (refreshToken == null || refreshToken.isEmpty() || refreshToken.length() > 256) {
            throw new ApiException(HttpError.INVALID_REQUEST, "refreshToken is required");
        }
        String next = newRefreshToken();
        Instant now = clock.instant();
        RefreshTokenStore.Rotation rotation = refreshTokens.rotate(digest(refreshToken), digest(next), now,
                now.plus(credentials.refreshLifetime()));
        if (rotation instanceof RefreshTokenStore.Rotation.Rotated r) {
            long lastSeq = users.byId(r.userId()).map(UserStore.User::lastSeq).orElse(0L);
            devices.touch(r.deviceId(), now);
            return session(r.userId(), r.deviceId(), next, lastSeq);
        }
        if (rotation instanceof RefreshTokenStore.Rotation.Reused) {
            throw new ApiException(HttpError.UNAUTHORIZED,
                    "this refresh token was already used; its login has been revoked, log in again");
        }
        throw new ApiException(HttpError.UNAUTHORIZED, "the refresh token is unknown, expired or revoked");
    }

    public void logout(String refreshToken) throws SQLException {
        if (refreshToken == null || refreshToken.isEmpty() || refreshToken.length() > 256) {
            throw new ApiException(HttpError.INVALID_REQUEST, "refreshToken is required");
        }
        refreshTokens.revokeFamilyOf(digest(refreshToken));
    }

    public List<DeviceStore.Device> devices(UUID userId) throws SQLException {
        return devices.list(userId);
    }

    /** Removes a device: its refresh tokens are revoked and its open connections closed. */
    public void removeDevice(UUID userId, UUID deviceId) throws SQLException {
        if (!devices.delete(userId, deviceId)) {
            throw new ApiException(HttpError.NOT_FOUND, "you have no device " + deviceId);
        }
        router.closeDevice(userId, deviceId, CloseCodes.FORBIDDEN, "device removed");
    }

    /** Erases the caller's metadata and closes its connections. */
    public void deleteAccount(UUID userId) throws SQLException {
        users.delete(userId);
        writer.forgetUser(userId);
        router.closeUser(userId, CloseCodes.FORBIDDEN, "account deleted");
    }

    private Session issue(UUID userId, UUID deviceId, UUID family, long lastSeq) throws SQLException {
        String refresh = newRefreshToken();
        Instant now = clock.instant();
        refreshTokens.insert(digest(refresh), family, userId, deviceId, now, now.plus(credentials.refreshLifetime()));
        return session(userId, deviceId, refresh, lastSeq);
    }

    private Session session(UUID userId, UUID deviceId, String refresh, long lastSeq) {
        TokenIssuer.IssuedToken access = credentials.issuer().issue(userId, deviceId);
        long expiresIn = Math.max(0, Duration.between(clock.instant(), access.expiresAt()).toSeconds());
        return new Session(access.token(), refresh, expiresIn, userId, deviceId, lastSeq);
    }

    private static String deviceName(String name) {
        if (name == null) {
            return "device";
        }
        if (name.isBlank() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(HttpError.INVALID_REQUEST, "deviceName must be 1-64 printable characters");
        }
        return name;
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < 8 || password.length() > 256) {
            throw new ApiException(HttpError.INVALID_REQUEST, "password must be 8-256 characters");
        }
    }

    private static UUID parseUuid(String value, String field) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equals(value)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new ApiException(HttpError.INVALID_REQUEST, field + " must be a lowercase UUID");
    }

    private static String newRefreshToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
