package org.blindgate.vault.store;

import java.nio.file.Path;
import java.util.Map;
import org.blindgate.service.db.Database;

/**
 * The vault's own database (never the gateway's): migrated from {@code db/vault} into its own
 * history table {@code vault_schema_history}, so the two services' migrations never mix even in
 * one database.
 */
public final class VaultDatabase {

    static final Database.Settings SETTINGS = new Database.Settings("vault database", "blindgate-vault-db",
            "classpath:db/vault", "vault_schema_history", Map.of());

    private VaultDatabase() {
    }

    /** Opens (and migrates) the database at {@code jdbcUrl}; a PostgreSQL URL or an H2 URL. */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        return Database.open(jdbcUrl, user, password, poolSize, SETTINGS);
    }

    /**
     * The embedded default: the H2 file database {@code vault} under the vault's data directory
     * (see {@link Database#h2Url}). {@code LOCK_TIMEOUT}: bundle fetches of one user wait for each
     * other's row locks, briefly, rather than fail.
     */
    public static String h2Url(Path vaultDir) {
        return Database.h2Url(vaultDir.resolve("vault")) + ";LOCK_TIMEOUT=10000";
    }
}
