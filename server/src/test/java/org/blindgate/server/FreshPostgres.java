package org.blindgate.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A new, empty database on the local PostgreSQL server (user {@code postgres}, trust auth),
 * dropped on close even if a server process still holds connections to it.
 */
final class FreshPostgres implements AutoCloseable {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String USER = "postgres";

    private final String name = "bg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    FreshPostgres() throws SQLException {
        execute("CREATE DATABASE " + name);
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
