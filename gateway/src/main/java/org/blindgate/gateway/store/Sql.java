package org.blindgate.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The few JDBC idioms the stores share, written once. */
final class Sql {

    /** Bound on the IN-lists built per statement; both databases accept far more. */
    static final int IN_CHUNK = 500;

    private Sql() {
    }

    static <T> List<List<T>> chunks(Collection<T> items) {
        List<T> all = new ArrayList<>(items);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }

    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement ps, int from, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setObject(from + i, values.get(i));
        }
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
