package org.blindgate.vault.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.blindgate.vault.Vault;
import org.blindgate.vault.VaultConfig;

/**
 * The vault alone in a JVM of its own, for tests that need one (a small heap): {@code VaultMain
 * DATA_DIR JWKS_URL [DB_URL DB_USER]}. Prints {@code VAULT LISTENING <port>} once it accepts
 * connections and runs until killed. The server module's launcher is the real way to run it; this
 * module cannot depend on that one.
 */
public final class VaultMain {

    private VaultMain() {
    }

    public static void main(String[] args) throws Exception {
        VaultConfig config = VaultConfig.defaults(Path.of(args[0]), 0, URI.create(args[1]).toURL());
        if (args.length > 2) {
            config = config.withStorage(new VaultConfig.Storage(config.storage().dataDir(), args[2], args[3], null,
                    config.storage().poolSize()));
        }
        Vault vault = Vault.start(config);
        System.out.println("VAULT LISTENING " + vault.port());
        new CountDownLatch(1).await();
    }
}
