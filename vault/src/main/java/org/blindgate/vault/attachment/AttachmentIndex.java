package org.blindgate.vault.attachment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.service.db.Database;
import org.blindgate.vault.store.Sql;
import org.blindgate.vault.store.StoredObject;

/** Table {@code vault_attachments}: attachment id → object, digest, size, expiry. */
final class AttachmentIndex {

    private final Database database;

    AttachmentIndex(Database database) {
        this.database = database;
    }

    Optional<StoredObject> find(UUID id) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT object_id, sha256, size, expires_at FROM vault_attachments WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredObject(rs.getObject("object_id", UUID.class), rs.getBytes("sha256"),
                        rs.getLong("size"), Sql.instant(rs, "expires_at")));
            }
        }
    }

    /** Records the attachment; false if the id is taken. */
    boolean insert(UUID id, StoredObject o) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO vault_attachments"
                        + " (id, object_id, sha256, size, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, o.objectId());
            ps.setBytes(3, o.sha256());
            ps.setLong(4, o.size());
            ps.setObject(5, Sql.at(o.expiresAt()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    boolean remove(UUID id, UUID objectId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM vault_attachments WHERE id = ? AND object_id = ?")) {
            ps.setObject(1, id);
            ps.setObject(2, objectId);
            return ps.executeUpdate() == 1;
        }
    }
}
