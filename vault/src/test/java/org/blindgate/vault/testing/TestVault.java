package org.blindgate.vault.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.blindgate.service.testing.PostgresDatabase;
import org.blindgate.vault.Vault;
import org.blindgate.vault.VaultConfig;

/**
 * A real vault on a free loopback port with its own temporary data directory, either the embedded
 * default (H2 index, bytes in files) or PostgreSQL (index and bytes in a fresh database), trusting
 * a {@link TestIssuer}. Every other setting is the default unless a test changes it.
 */
public final class TestVault implements AutoCloseable {

    public enum Store { FILES, POSTGRES }

    private final Store store;
    private final Path dataDir;
    private final PostgresDatabase postgres;
    private final VaultConfig config;
    private final Vault vault;

    private TestVault(Store store, TestIssuer issuer, UnaryOperator<VaultConfig> customise) {
        this.store = store;
        try {
            this.dataDir = Files.createTempDirectory("blindgate-vault-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VaultConfig base = VaultConfig.defaults(dataDir.resolve("vault"), 0, issuer.jwksUrl());
        if (store == Store.POSTGRES) {
            postgres = new PostgresDatabase();
            base = base.withStorage(new VaultConfig.Storage(base.storage().dataDir(), postgres.url(), postgres.user(),
                    null, base.storage().poolSize()));
        } else {
            postgres = null;
        }
        this.config = customise.apply(base);
        this.vault = Vault.start(config);
    }

    public static TestVault start(Store store, TestIssuer issuer) {
        return new TestVault(store, issuer, UnaryOperator.identity());
    }

    public static TestVault start(Store store, TestIssuer issuer, UnaryOperator<VaultConfig> customise) {
        return new TestVault(store, issuer, customise);
    }

    public Store store() {
        return store;
    }

    public Vault vault() {
        return vault;
    }

    public VaultConfig config() {
        return config;
    }

    public int port() {
        return vault.port();
    }

    public VaultClient client() {
        return new VaultClient(port());
    }

    /** The vault's own data directory ({@code <data-dir>/vault}). */
    public Path vaultDir() {
        return config.storage().dataDir();
    }

    /** Files in the upload spool: must be none once every upload has finished or failed. */
    public List<Path> spoolFiles() {
        return files(vault.spoolDir());
    }

    /** Stored objects: files under {@code objects/}, or {@code vault_objects} rows. */
    public long objectCount() {
        if (store == Store.POSTGRES) {
            return count("SELECT COUNT(*) FROM vault_objects");
        }
        return files(vaultDir().resolve("objects")).size();
    }

    /** One number from the vault's database. */
    public long count(String sql) {
        try (Connection c = vault.database().connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        vault.close();
        if (postgres != null) {
            postgres.close();
        }
        deleteTree(dataDir);
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
