package org.blindgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;
import org.blindgate.service.db.Database;

/** The few JDBC idioms the stores share, written once. */
final class Sql {

    private Sql() {
    }

    /**
     * For the rest of the transaction, PostgreSQL may not plan a sequential scan. For statements
     * that are key lookups by construction: until autovacuum first analyzes a growing messages
     * table, PostgreSQL estimates "id = ANY(1,000 ids)" at 0.5 % of the rows per id and scans the
     * whole table for every batch (it took the bench from 30,000 to 3,000 msg/s). H2 plans these
     * by index without statistics.
     */
    static void keyLookupsOnly(Connection c, Database db) throws SQLException {
        if (db.isPostgres()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_seqscan = off");
            }
        }
    }

    /**
     * Binds a set of UUIDs to a {@code col = ANY(?)} parameter. One array parameter instead of
     * an {@code IN (?, ?, ...)} list keeps ONE statement text (and one cached plan) whatever the
     * set's size; both PostgreSQL and H2 answer it from the column's index (H2 turns it into an
     * index IN-lookup). A variable-length IN-list made PostgreSQL plan every batch size anew and,
     * before the table was analyzed, pick a sequential scan (docs/performance.md).
     */
    static void bindUuids(PreparedStatement ps, int index, Collection<UUID> values) throws SQLException {
        ps.setArray(index, ps.getConnection().createArrayOf("uuid", values.toArray(new UUID[0])));
    }

    /** Like {@link #bindUuids}, for text keys. */
    static void bindStrings(PreparedStatement ps, int index, Collection<String> values) throws SQLException {
        ps.setArray(index, ps.getConnection().createArrayOf("varchar", values.toArray(new String[0])));
    }

    /**
     * Both PostgreSQL and H2 report a unique-key violation as SQLState 23505; a failed JDBC
     * batch may carry it on a chained exception rather than on the batch exception itself.
     */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Reads a {@code TIMESTAMP WITH TIME ZONE}; OffsetDateTime keeps it independent of the JVM zone. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The value to bind for a {@code TIMESTAMP WITH TIME ZONE} column. */
    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
