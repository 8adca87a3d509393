package org.blindgate.service.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the local PostgreSQL server (127.0.0.1:5432, trust auth), dropped on close,
 * so tests never share state and run beside a server a person started. Used by the gateway's and
 * the vault's tests (this module's test-jar); {@code -Dblindgate.test.pg} and
 * {@code -Dblindgate.test.pgUser} point it at another server.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String ADMIN_URL = System.getProperty("blindgate.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("blindgate.test.pgUser", "postgres");

    private final String name;

    public PostgresDatabase() {
        this.name = "bg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name);
    }

    public String url() {
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    public String user() {
        return USER;
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " is needed for this test: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
