package org.blindgate.vault.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The vault's own database (never the gateway's): a HikariCP pool over PostgreSQL or embedded H2,
 * migrated by Flyway from {@code db/vault} into its own history table {@code vault_schema_history},
 * so the two services' migrations never mix even in one database.
 */
public final class VaultDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private VaultDatabase(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /** Opens (and migrates) the database at {@code jdbcUrl}; a PostgreSQL URL or an H2 URL. */
    public static VaultDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        if (!postgres && !jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(
                    "vault database URL must start with jdbc:postgresql: or jdbc:h2: (got a URL of another scheme)");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("blindgate-vault-db");
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/vault")
                    .table("vault_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new VaultDatabase(ds, postgres);
    }

    /**
     * The embedded default: an H2 file database {@code vault} under the vault's data directory.
     * {@code WRITE_DELAY=0} and {@code DB_CLOSE_ON_EXIT=FALSE} for the same reasons as the
     * gateway's (an acknowledged upload survives a kill; the server closes the database, not
     * H2's hook). {@code LOCK_TIMEOUT}: bundle fetches of one user wait for each other's row
     * locks, briefly, rather than fail.
     */
    public static String h2Url(Path vaultDir) {
        Path file = vaultDir.toAbsolutePath().resolve("vault");
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** A connection from the pool; callers close it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Work done inside one transaction; see {@link #inTransaction}. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
     * Blocking; call it from a worker thread, never from an event loop.
     */
    public <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Whether the database answers now, for the readiness probe. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
