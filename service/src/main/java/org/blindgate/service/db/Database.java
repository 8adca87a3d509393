package org.blindgate.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One service's database: a HikariCP pool over PostgreSQL or embedded H2, migrated by Flyway at
 * start-up with the one set of migrations both accept. Which migrations, and the table Flyway
 * records them in, come from the service's {@link Settings}: each service keeps its own, so two
 * services' migrations never mix even in one database.
 */
public final class Database implements AutoCloseable {

    /**
     * What makes a database one service's.
     *
     * @param name names the database in the start-up error for a bad URL ("database", "vault database")
     * @param poolName HikariCP's pool name, as it appears in thread names and logs
     * @param migrations the Flyway location, e.g. {@code classpath:db/migration}
     * @param historyTable where Flyway records what it applied. Never change it for a service that
     *     has been deployed: its databases would be migrated again from the start.
     * @param postgresProperties driver properties used only on PostgreSQL
     */
    public record Settings(String name, String poolName, String migrations, String historyTable,
            Map<String, String> postgresProperties) {

        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(poolName, "poolName");
            Objects.requireNonNull(migrations, "migrations");
            Objects.requireNonNull(historyTable, "historyTable");
            postgresProperties = Map.copyOf(postgresProperties);
        }
    }

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /**
     * Opens (and migrates) the database at {@code jdbcUrl}; a PostgreSQL URL or an H2 URL.
     *
     * @param user null for the driver's default
     * @param password null for none
     * @param poolSize connections in the pool; the service's blocking worker pool is sized to match
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, Settings settings) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        if (!postgres && !jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(settings.name()
                    + " URL must start with jdbc:postgresql: or jdbc:h2: (got a URL of another scheme)");
        }
        if (!postgres) {
            DurableFilePath.register(); // for the default URL and for a given one naming the scheme
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(settings.poolName());
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
            settings.postgresProperties().forEach(config::addDataSourceProperty);
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations(settings.migrations())
                    .table(settings.historyTable())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, postgres);
    }

    /**
     * The embedded default: an H2 file database at {@code file} (H2 adds its own extension), in
     * PostgreSQL mode so one set of migrations and queries serves both.
     *
     * <p>{@code WRITE_DELAY=0} makes H2 write its store at every commit; with the default delay
     * a killed process would lose transactions that were already acknowledged. The
     * {@link DurableFilePath} scheme makes those writes synchronous, so a commit also survives a
     * power loss.
     * {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise run concurrently with
     * the server's and could close the database under a service while it flushes on SIGTERM;
     * {@link #close()} closes it instead.
     */
    public static String h2Url(Path file) {
        return "jdbc:h2:" + DurableFilePath.PREFIX + file.toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
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
            } finally {
                // The pool hands connections out as configured (auto-commit), whoever used them last.
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
