package org.blindgate.vault.prekey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.blindgate.service.db.Database;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;
import org.blindgate.vault.store.Sql;

/**
 * The public prekey directory: tables {@code vault_prekey_bundles} and
 * {@code vault_one_time_prekeys}. Plain synchronous JDBC; call on a worker.
 *
 * <p>Handing out a one-time prekey exactly once: a fetch locks the user's bundle rows
 * ({@code SELECT ... ORDER BY device_id FOR UPDATE}, always in that order, so two fetches cannot
 * deadlock), then per device reads the lowest remaining one-time prekey and deletes it, and
 * commits. A concurrent fetch of the same user waits on the bundle lock and then sees the
 * deletion, so it takes the next key. Locking the bundle rather than the one-time key row matters:
 * with {@code SELECT ... LIMIT 1 FOR UPDATE} on the key itself, PostgreSQL hands the waiting fetch
 * an empty result once the first one deletes that row, and a bundle would go out without a key
 * that still exists. An upload takes the same bundle lock, so keys are never half-replaced under a
 * fetch. Works the same on H2 and PostgreSQL (the concurrency test runs on both).
 */
final class PreKeyStore {

    /** One-time prekeys one device may hold here; uploads beyond it are refused. */
    static final int MAX_STORED_ONE_TIME = 1000;

    private final Database database;

    PreKeyStore(Database database) {
        this.database = database;
    }

    /**
     * Replaces the device's bundle and appends its new one-time prekeys (a key id already present
     * is replaced). A changed identity key means a reinstalled device: its old one-time prekeys,
     * which belong to the old identity, are dropped first.
     */
    void upload(UUID user, UUID device, DeviceKeys keys) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                database.inTransaction(c -> {
                    write(c, user, device, keys);
                    return null;
                });
                return;
            } catch (SQLException e) {
                // Two first uploads of one device raced on the INSERT: the loser retries as an update.
                if (attempt > 0 || !Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private static void write(Connection c, UUID user, UUID device, DeviceKeys keys) throws SQLException {
        byte[] oldIdentity = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT identity_key FROM vault_prekey_bundles"
                + " WHERE user_id = ? AND device_id = ? FOR UPDATE")) {
            ps.setObject(1, user);
            ps.setObject(2, device);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    oldIdentity = rs.getBytes(1);
                }
            }
        }
        String sql = oldIdentity == null
                ? "INSERT INTO vault_prekey_bundles (registration_id, identity_key, signed_prekey_id, signed_prekey,"
                        + " signed_prekey_signature, kyber_prekey_id, kyber_prekey, kyber_prekey_signature,"
                        + " user_id, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE vault_prekey_bundles SET registration_id = ?, identity_key = ?, signed_prekey_id = ?,"
                        + " signed_prekey = ?, signed_prekey_signature = ?, kyber_prekey_id = ?, kyber_prekey = ?,"
                        + " kyber_prekey_signature = ? WHERE user_id = ? AND device_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, keys.registrationId());
            ps.setBytes(2, keys.identityKey());
            ps.setLong(3, keys.signedPreKey().keyId());
            ps.setBytes(4, keys.signedPreKey().publicKey());
            ps.setBytes(5, keys.signedPreKey().signature());
            ps.setLong(6, keys.kyberPreKey().keyId());
            ps.setBytes(7, keys.kyberPreKey().publicKey());
            ps.setBytes(8, keys.kyberPreKey().signature());
            ps.setObject(9, user);
            ps.setObject(10, device);
            ps.executeUpdate();
        }
        if (oldIdentity != null && !Arrays.equals(oldIdentity, keys.identityKey())) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM vault_one_time_prekeys WHERE user_id = ? AND device_id = ?")) {
                ps.setObject(1, user);
                ps.setObject(2, device);
                ps.executeUpdate();
            }
        }
        if (keys.oneTimePreKeys().isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM vault_one_time_prekeys WHERE user_id = ? AND device_id = ? AND key_id = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO vault_one_time_prekeys"
                        + " (user_id, device_id, key_id, public_key) VALUES (?, ?, ?, ?)")) {
            for (DeviceKeys.OneTimeKey k : keys.oneTimePreKeys()) {
                delete.setObject(1, user);
                delete.setObject(2, device);
                delete.setLong(3, k.keyId());
                delete.addBatch();
                insert.setObject(1, user);
                insert.setObject(2, device);
                insert.setLong(3, k.keyId());
                insert.setBytes(4, k.publicKey());
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
        }
        if (count(c, user, device) > MAX_STORED_ONE_TIME) {
            throw new ApiException(HttpError.INVALID_REQUEST, "a device may hold at most " + MAX_STORED_ONE_TIME
                    + " one-time prekeys here; upload more once they run low");
        }
    }

    /**
     * Every device bundle of {@code user}, each with one one-time prekey taken (deleted) if the
     * device has any left, in one transaction. Empty if the user has no bundle.
     */
    List<DeviceBundle> fetch(UUID user) throws SQLException {
        return database.inTransaction(c -> {
            Map<UUID, DeviceBundle> bundles = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, registration_id, identity_key,"
                    + " signed_prekey_id, signed_prekey, signed_prekey_signature,"
                    + " kyber_prekey_id, kyber_prekey, kyber_prekey_signature"
                    + " FROM vault_prekey_bundles WHERE user_id = ? ORDER BY device_id FOR UPDATE")) {
                ps.setObject(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID device = rs.getObject("device_id", UUID.class);
                        bundles.put(device, new DeviceBundle(device, rs.getInt("registration_id"),
                                rs.getBytes("identity_key"),
                                new DeviceKeys.SignedKey(rs.getLong("signed_prekey_id"), rs.getBytes("signed_prekey"),
                                        rs.getBytes("signed_prekey_signature")),
                                new DeviceKeys.SignedKey(rs.getLong("kyber_prekey_id"), rs.getBytes("kyber_prekey"),
                                        rs.getBytes("kyber_prekey_signature")),
                                null));
                    }
                }
            }
            List<DeviceBundle> out = new ArrayList<>(bundles.size());
            try (PreparedStatement next = c.prepareStatement("SELECT key_id, public_key FROM vault_one_time_prekeys"
                    + " WHERE user_id = ? AND device_id = ? ORDER BY key_id LIMIT 1");
                    PreparedStatement take = c.prepareStatement("DELETE FROM vault_one_time_prekeys"
                            + " WHERE user_id = ? AND device_id = ? AND key_id = ?")) {
                for (DeviceBundle b : bundles.values()) {
                    DeviceKeys.OneTimeKey oneTime = null;
                    next.setObject(1, user);
                    next.setObject(2, b.deviceId());
                    try (ResultSet rs = next.executeQuery()) {
                        if (rs.next()) {
                            oneTime = new DeviceKeys.OneTimeKey(rs.getLong(1), rs.getBytes(2));
                        }
                    }
                    if (oneTime != null) {
                        take.setObject(1, user);
                        take.setObject(2, b.deviceId());
                        take.setLong(3, oneTime.keyId());
                        if (take.executeUpdate() != 1) {
                            // Cannot happen under the bundle lock; refuse rather than hand a key out twice.
                            throw new SQLException("one-time prekey " + oneTime.keyId() + " vanished under the lock");
                        }
                    }
                    out.add(new DeviceBundle(b.deviceId(), b.registrationId(), b.identityKey(), b.signedPreKey(),
                            b.kyberPreKey(), oneTime));
                }
            }
            return out;
        });
    }

    /** {@code user}'s devices with a bundle and their registration ids, consuming nothing. */
    Map<UUID, Integer> devices(UUID user) throws SQLException {
        Map<UUID, Integer> devices = new LinkedHashMap<>();
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("SELECT device_id, registration_id FROM vault_prekey_bundles"
                        + " WHERE user_id = ? ORDER BY device_id")) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    devices.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
        }
        return devices;
    }

    /** How many one-time prekeys the device has left. */
    int count(UUID user, UUID device) throws SQLException {
        try (Connection c = database.connection()) {
            return count(c, user, device);
        }
    }

    private static int count(Connection c, UUID user, UUID device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM vault_one_time_prekeys WHERE user_id = ? AND device_id = ?")) {
            ps.setObject(1, user);
            ps.setObject(2, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Removes a device's bundle and one-time prekeys; whether it had a bundle. */
    boolean remove(UUID user, UUID device) throws SQLException {
        return database.inTransaction(c -> {
            try (PreparedStatement keys = c.prepareStatement(
                    "DELETE FROM vault_one_time_prekeys WHERE user_id = ? AND device_id = ?");
                    PreparedStatement bundle = c.prepareStatement(
                            "DELETE FROM vault_prekey_bundles WHERE user_id = ? AND device_id = ?")) {
                keys.setObject(1, user);
                keys.setObject(2, device);
                keys.executeUpdate();
                bundle.setObject(1, user);
                bundle.setObject(2, device);
                return bundle.executeUpdate() == 1;
            }
        });
    }
}
