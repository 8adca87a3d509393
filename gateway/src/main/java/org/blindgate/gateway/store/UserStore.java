package org.blindgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.blindgate.service.db.Database;

/** Accounts: who exists, under which username, with which password hash. Blocking JDBC. */
public final class UserStore {

    /** A user row. {@code passwordHash} is null for users of an external identity provider. */
    public record User(UUID id, String username, String passwordHash, long lastSeq, Instant createdAt) {
        @Override
        public String toString() {
            return "User[id=" + id + ", username=" + username + "]";
        }
    }

    /** Thrown when a username is already registered. */
    public static final class UsernameTakenException extends Exception {
        public UsernameTakenException() {
            super("username is taken");
        }
    }

    private static final String COLUMNS = "id, username, password_hash, last_seq, created_at";

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    public User create(String username, String passwordHash, Instant now) throws SQLException, UsernameTakenException {
        UUID id = UUID.randomUUID();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (id, username, password_hash, last_seq, created_at) VALUES (?,?,?,0,?)")) {
            ps.setObject(1, id);
            ps.setString(2, username);
            ps.setString(3, passwordHash);
            ps.setObject(4, Sql.at(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
        return new User(id, username, passwordHash, 0, now);
    }

    public void updatePasswordHash(UUID userId, String passwordHash) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
            ps.setString(1, passwordHash);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }

    /**
     * Creates the user of an external identity provider on first use; a no-op when it exists.
     * The username is a hint: when taken, a name derived from the id is used instead.
     */
    public User provision(UUID id, String usernameHint, Instant now) throws SQLException {
        Optional<User> existing = byId(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        String fallback = "user-" + id.toString().substring(0, 8) + id.toString().substring(9, 13);
        for (String name : usernameHint == null ? List.of(fallback) : List.of(usernameHint, fallback)) {
            try (Connection c = db.connection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO users (id, username, password_hash, last_seq, created_at) VALUES (?,?,NULL,0,?)")) {
                ps.setObject(1, id);
                ps.setString(2, name);
                ps.setObject(3, Sql.at(now));
                ps.executeUpdate();
                return new User(id, name, null, 0, now);
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
                Optional<User> raced = byId(id);
                if (raced.isPresent()) {
                    return raced.get();
                }
            }
        }
        throw new SQLException("could not provision user " + id + ": its usernames are taken");
    }

    public Optional<User> byUsername(String username) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM users WHERE username = ?", username);
    }

    public Optional<User> byId(UUID id) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
    }

    private Optional<User> one(String sql, Object key) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new User(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getLong(4), Sql.instant(rs, 5)));
            }
        }
    }

    /**
     * Erases a user's metadata: messages sent or received, memberships, calls, devices, tokens,
     * presence, and the account itself. One transaction, so a failure erases nothing.
     */
    public boolean delete(UUID userId) throws SQLException {
        return db.inTransaction(c -> {
            for (String sql : List.of(
                    "DELETE FROM messages WHERE sender_id = ? OR recipient_id = ?",
                    "DELETE FROM calls WHERE caller_id = ? OR callee_id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, userId);
                    ps.setObject(2, userId);
                    ps.executeUpdate();
                }
            }
            // Direct conversations die with either member; their other member keeps nothing of it.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM conversations WHERE type = 'direct' AND id IN"
                    + " (SELECT conversation_id FROM conversation_members WHERE user_id = ?)")) {
                ps.setObject(1, userId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
                ps.setObject(1, userId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Which of {@code ids} are users; inside the caller's transaction. */
    static Set<UUID> existing(Connection c, Collection<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE id = ANY(?)")) {
            Sql.bindUuids(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }
}
