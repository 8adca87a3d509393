package org.blindgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.blindgate.service.db.Database;

/**
 * Rotating refresh tokens, kept only as SHA-256 digests. Every login starts a family; each
 * refresh spends the presented token and issues the next of the same family. Presenting a spent
 * token means it was copied: the whole family is revoked, so the thief and the owner both have
 * to log in again.
 */
public final class RefreshTokenStore {

    /** The result of presenting a refresh token. */
    public sealed interface Rotation {
        record Rotated(UUID userId, UUID deviceId) implements Rotation {
        }

        /** Unknown, expired, or revoked. */
        record Invalid() implements Rotation {
        }

        /** A spent token came back: the family has been revoked. */
        record Reused() implements Rotation {
        }
    }

    private final Database db;

    public RefreshTokenStore(Database db) {
        this.db = db;
    }

    public void insert(String tokenHash, UUID familyId, UUID userId, UUID deviceId, Instant now, Instant expiresAt)
            throws SQLException {
        try (Connection c = db.connection()) {
            insert(c, tokenHash, familyId, userId, deviceId, now, expiresAt);
        }
    }

    private static void insert(Connection c, String tokenHash, UUID familyId, UUID userId, UUID deviceId,
            Instant now, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO refresh_tokens"
                + " (token_hash, family_id, user_id, device_id, spent, created_at, expires_at)"
                + " VALUES (?,?,?,?,FALSE,?,?)")) {
            ps.setString(1, tokenHash);
            ps.setObject(2, familyId);
            ps.setObject(3, userId);
            ps.setObject(4, deviceId);
            ps.setObject(5, Sql.at(now));
            ps.setObject(6, Sql.at(expiresAt));
            ps.executeUpdate();
        }
    }

    /** Spends {@code presentedHash} and stores {@code nextHash} in its family, atomically. */
    public Rotation rotate(String presentedHash, String nextHash, Instant now, Instant nextExpiresAt)
            throws SQLException {
        // A reuse must revoke the family even though the caller gets an error, so the revocation
        // is committed, not rolled back with an exception.
        return db.inTransaction(c -> {
            UUID family;
            UUID user;
            UUID device;
            boolean spent;
            Instant expiresAt;
            try (PreparedStatement ps = c.prepareStatement("SELECT family_id, user_id, device_id, spent, expires_at"
                    + " FROM refresh_tokens WHERE token_hash = ? FOR UPDATE")) {
                ps.setString(1, presentedHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Rotation.Invalid();
                    }
                    family = rs.getObject(1, UUID.class);
                    user = rs.getObject(2, UUID.class);
                    device = rs.getObject(3, UUID.class);
                    spent = rs.getBoolean(4);
                    expiresAt = Sql.instant(rs, 5);
                }
            }
            if (spent) {
                deleteFamily(c, family);
                return new Rotation.Reused();
            }
            if (!expiresAt.isAfter(now)) {
                return new Rotation.Invalid();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE refresh_tokens SET spent = TRUE WHERE token_hash = ?")) {
                ps.setString(1, presentedHash);
                ps.executeUpdate();
            }
            insert(c, nextHash, family, user, device, now, nextExpiresAt);
            return new Rotation.Rotated(user, device);
        });
    }

    /** Logs a login out: the presented token's whole family is deleted. */
    public boolean revokeFamilyOf(String tokenHash) throws SQLException {
        return db.inTransaction(c -> {
            UUID family;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT family_id FROM refresh_tokens WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    family = rs.getObject(1, UUID.class);
                }
            }
            deleteFamily(c, family);
            return true;
        });
    }

    private static void deleteFamily(Connection c, UUID family) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_tokens WHERE family_id = ?")) {
            ps.setObject(1, family);
            ps.executeUpdate();
        }
    }

    /** Drops expired tokens; called by the housekeeping job. */
    public int purgeExpired(Instant now) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_tokens WHERE expires_at < ?")) {
            ps.setObject(1, Sql.at(now));
            return ps.executeUpdate();
        }
    }
}
