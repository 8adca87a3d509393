package org.blindgate.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/** The few JDBC idioms the stores share, written once. */
final class Sql {

    private Sql() {
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

    /** Both PostgreSQL and H2 report a unique-key violation as SQLState 23505. */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
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
