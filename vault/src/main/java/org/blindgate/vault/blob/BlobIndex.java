package org.blindgate.vault.blob;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.service.db.Database;
import org.blindgate.vault.store.Sql;
import org.blindgate.vault.store.StoredObject;

/** Table {@code vault_blobs}: address → object, digest, size, expiry. Plain synchronous JDBC. */
final class BlobIndex {

    private final Database database;

    BlobIndex(Database database) {
        this.database = database;
    }

    Optional<StoredObject> find(BlobAddress a) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("SELECT object_id, sha256, size, expires_at FROM vault_blobs"
                        + " WHERE message_id = ? AND recipient_id = ? AND device_id = ?")) {
            bind(ps, a);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredObject(rs.getObject("object_id", UUID.class), rs.getBytes("sha256"),
                        rs.getLong("size"), Sql.instant(rs, "expires_at")));
            }
        }
    }

    /** Records the blob; false if the address is taken (by a concurrent upload). */
    boolean insert(BlobAddress a, StoredObject o) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO vault_blobs"
                        + " (message_id, recipient_id, device_id, object_id, sha256, size, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, a);
            ps.setObject(4, o.objectId());
            ps.setBytes(5, o.sha256());
            ps.setLong(6, o.size());
            ps.setObject(7, Sql.at(o.expiresAt()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Removes the row if it still points at {@code objectId}; whether it did. */
    boolean remove(BlobAddress a, UUID objectId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM vault_blobs"
                        + " WHERE message_id = ? AND recipient_id = ? AND device_id = ? AND object_id = ?")) {
            bind(ps, a);
            ps.setObject(4, objectId);
            return ps.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement ps, BlobAddress a) throws SQLException {
        ps.setObject(1, a.messageId());
        ps.setObject(2, a.recipientId());
        ps.setObject(3, a.deviceId());
    }
}
