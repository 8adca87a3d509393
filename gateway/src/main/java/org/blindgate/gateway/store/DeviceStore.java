package org.blindgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.service.db.Database;

/** A user's devices. Each login without a deviceId registers one. Blocking JDBC. */
public final class DeviceStore {

    public record Device(UUID id, UUID userId, String name, Instant createdAt, Instant lastSeen) {
    }

    private static final String COLUMNS = "id, user_id, name, created_at, last_seen";

    private final Database db;

    public DeviceStore(Database db) {
        this.db = db;
    }

    public Device create(UUID userId, String name, Instant now) throws SQLException {
        return insert(UUID.randomUUID(), userId, name, now);
    }

    /** The device of an external-IdP user, created on first use. */
    public Device ensure(UUID deviceId, UUID userId, String name, Instant now) throws SQLException {
        Optional<Device> existing = find(userId, deviceId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return insert(deviceId, userId, name, now);
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                return find(userId, deviceId).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Device insert(UUID id, UUID userId, String name, Instant now) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO devices (" + COLUMNS + ") VALUES (?,?,?,?,?)")) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            ps.setString(3, name);
            ps.setObject(4, Sql.at(now));
            ps.setObject(5, Sql.at(now));
            ps.executeUpdate();
        }
        return new Device(id, userId, name, now, now);
    }

    /** The device if it belongs to {@code userId}. */
    public Optional<Device> find(UUID userId, UUID deviceId) throws SQLException {
        List<Device> found = query("SELECT " + COLUMNS + " FROM devices WHERE id = ? AND user_id = ?",
                deviceId, userId);
        return found.stream().findFirst();
    }

    public List<Device> list(UUID userId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM devices WHERE user_id = ? ORDER BY created_at", userId);
    }

    /** Removes a device of the user; its refresh tokens go with it (foreign key cascade). */
    public boolean delete(UUID userId, UUID deviceId) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM devices WHERE id = ? AND user_id = ?")) {
            ps.setObject(1, deviceId);
            ps.setObject(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    public void touch(UUID deviceId, Instant now) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("UPDATE devices SET last_seen = ? WHERE id = ?")) {
            ps.setObject(1, Sql.at(now));
            ps.setObject(2, deviceId);
            ps.executeUpdate();
        }
    }

    private List<Device> query(String sql, Object... params) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Device> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Device(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            Sql.instant(rs, 4), Sql.instant(rs, 5)));
                }
            }
            return out;
        }
    }
}
