package org.blindgate.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The gateway's metadata database: a HikariCP pool over PostgreSQL or embedded H2, migrated by
 * Flyway at start-up with the one set of migrations both accept.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /**
     * Opens (and migrates) the database at {@code jdbcUrl}; a PostgreSQL URL or an H2 URL.
     *
     * @param poolSize connections in the pool; the blocking worker pool is sized to match
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        if (!postgres && !jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(
                    "database URL must start with jdbc:postgresql: or jdbc:h2: (got a URL of another scheme)");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("blindgate-db");
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(true);
        if (postgres) {
            // One multi-row INSERT per JDBC batch instead of one round trip per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, postgres);
    }

    /**
     * The embedded default: an H2 file database under {@code dataDir}.
     *
     * <p>{@code WRITE_DELAY=0} makes H2 write its store at every commit; with the default delay
     * a killed process would lose transactions that were already acknowledged.
     * {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise run concurrently with
     * the server's and could close the database under the writer while it flushes on SIGTERM;
     * {@link #close()} closes it instead.
     */
    public static String h2Url(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("gateway");
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public int poolSize() {
        return dataSource.getMaximumPoolSize();
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
