package org.blindgate.bench.target;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A fresh PostgreSQL database for one run ({@code CREATE DATABASE <prefix>_<random>}), dropped
 * at the end, and the process ids of the backends serving it (their CPU counts as the database's).
 */
public final class PostgresDatabase implements AutoCloseable {

    private final String serverUrl;
    private final String user;
    private final String name;
    private final Connection admin;

    private PostgresDatabase(String serverUrl, String user, String name, Connection admin) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.name = name;
        this.admin = admin;
    }

    /**
     * @param serverUrl the server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/} (a database
     *                  name at its end is replaced)
     */
    public static PostgresDatabase create(String serverUrl, String user, String prefix) throws SQLException {
        String base = base(serverUrl);
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        String name = prefix + "_" + HexFormat.of().formatHex(random);
        Connection admin;
        try {
            admin = DriverManager.getConnection(base + "postgres", user, null);
        } catch (SQLException e) {
            throw new SQLException("cannot reach PostgreSQL at " + base + "postgres as " + user
                    + " (is it running, with trust auth on 127.0.0.1?): " + e.getMessage(), e);
        }
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase(base, user, name, admin);
    }

    private static String base(String url) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        return slash < 0 ? url + "/" : url.substring(0, slash + 1);
    }

    public String name() {
        return name;
    }

    public String url() {
        return serverUrl + name;
    }

    public String user() {
        return user;
    }

    /** A connection to this database (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, null);
    }

    /** The backends connected to this database now. */
    public List<Long> backendPids() {
        List<Long> pids = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            // a probe must not fail a run
        }
        return pids;
    }

    @Override
    public void close() {
        try (Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop database " + name + ": " + e.getMessage());
        } finally {
            try {
                admin.close();
            } catch (SQLException e) {
                // nothing more to do
            }
        }
    }
}
