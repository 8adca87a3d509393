package org.blindgate.vault.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The few JDBC idioms the vault's stores share, written once. */
public final class Sql {

    private Sql() {
    }

    /** Both PostgreSQL and H2 report a unique-key violation as SQLState 23505. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Reads a {@code TIMESTAMP WITH TIME ZONE}; OffsetDateTime keeps it independent of the JVM zone. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The value to bind for a {@code TIMESTAMP WITH TIME ZONE} column. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
