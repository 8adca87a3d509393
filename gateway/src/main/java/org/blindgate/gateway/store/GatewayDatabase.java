package org.blindgate.gateway.store;

import java.nio.file.Path;
import java.util.Map;
import org.blindgate.service.db.Database;

/** The gateway's metadata database: which migrations, where Flyway records them, and its embedded file. */
public final class GatewayDatabase {

    /** Flyway's default history table, which every deployed gateway database already holds. */
    static final Database.Settings SETTINGS = new Database.Settings("database", "blindgate-db",
            "classpath:db/migration", "flyway_schema_history",
            // One multi-row INSERT per JDBC batch instead of one round trip per row.
            Map.of("reWriteBatchedInserts", "true"));

    private GatewayDatabase() {
    }

    /**
     * Opens (and migrates) the database at {@code jdbcUrl}; a PostgreSQL URL or an H2 URL.
     *
     * @param poolSize connections in the pool; the blocking worker pool is sized to match
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        return Database.open(jdbcUrl, user, password, poolSize, SETTINGS);
    }

    /** The embedded default: the H2 file database {@code gateway} under {@code dataDir} (see {@link Database#h2Url}). */
    public static String h2Url(Path dataDir) {
        return Database.h2Url(dataDir.resolve("gateway"));
    }
}
