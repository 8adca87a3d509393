package org.blindgate.vault.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.blindgate.service.db.Database;

/**
 * Housekeeping, run on a timer off the event loop: expired blobs and attachments go (index row
 * first, then bytes), spool files left by a crash go, and objects that no index row names
 * (a crash between storing the bytes and writing the row) go.
 */
public final class Sweeper {

    private static final int BATCH = 500;
    private static final List<String> INDEXES = List.of("vault_blobs", "vault_attachments");

    private final Database database;
    private final ObjectStore objects;
    private final Spool spool;
    private final Clock clock;

    public Sweeper(Database database, ObjectStore objects, Spool spool, Clock clock) {
        this.database = database;
        this.objects = objects;
        this.spool = spool;
        this.clock = clock;
    }

    /** Removes every blob and attachment whose expiry has passed. Returns how many. */
    public int removeExpired() throws SQLException, IOException {
        int removed = 0;
        Instant now = clock.instant();
        for (String table : INDEXES) {
            while (true) {
                List<UUID> expired = new ArrayList<>();
                try (Connection c = database.connection();
                        PreparedStatement ps = c.prepareStatement("SELECT object_id FROM " + table
                                + " WHERE expires_at <= ? ORDER BY expires_at LIMIT " + BATCH)) {
                    ps.setObject(1, Sql.at(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            expired.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                if (expired.isEmpty()) {
                    break;
                }
                for (UUID objectId : expired) {
                    if (deleteRow(table, objectId)) {
                        objects.delete(objectId);
                        removed++;
                    }
                }
                if (expired.size() < BATCH) {
                    break;
                }
            }
        }
        return removed;
    }

    private boolean deleteRow(String table, UUID objectId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE object_id = ?")) {
            ps.setObject(1, objectId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes spool files untouched for {@code age}. Returns how many. */
    public int removeStaleSpool(Duration age) throws IOException {
        return spool.removeStale(age);
    }

    /**
     * Removes objects stored more than {@code grace} ago that no index row names. The grace covers
     * uploads in flight, whose bytes are stored a moment before their row is written.
     */
    public int removeOrphans(Duration grace) throws IOException, SQLException {
        List<UUID> candidates = new ArrayList<>();
        objects.forEachStoredBefore(clock.instant().minus(grace), candidates::add);
        int removed = 0;
        for (int i = 0; i < candidates.size(); i += BATCH) {
            List<UUID> batch = candidates.subList(i, Math.min(candidates.size(), i + BATCH));
            Set<UUID> referenced = referenced(batch);
            for (UUID id : batch) {
                if (!referenced.contains(id)) {
                    objects.delete(id);
                    removed++;
                }
            }
        }
        return removed;
    }

    private Set<UUID> referenced(List<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (Connection c = database.connection()) {
            for (String table : INDEXES) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT object_id FROM " + table + " WHERE object_id IN (" + in + ")")) {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setObject(i + 1, ids.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** All three passes, for the timer; failures propagate to its log line. */
    public String sweep(Duration spoolAge, Duration orphanGrace, boolean orphans) {
        try {
            int expired = removeExpired();
            int stale = removeStaleSpool(spoolAge);
            int orphaned = orphans ? removeOrphans(orphanGrace) : 0;
            return expired + stale + orphaned == 0 ? null
                    : "removed " + expired + " expired, " + stale + " stale spool files, " + orphaned + " orphans";
        } catch (SQLException e) {
            throw new IllegalStateException("sweep failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("sweep failed", e);
        }
    }
}
