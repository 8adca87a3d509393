package org.blindgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.blindgate.gateway.Gateway;
import org.blindgate.gateway.auth.PasswordHasher;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.vault.Vault;
import org.blindgate.vault.VaultConfig;

/**
 * A real gateway (H2, the embedded default) and a real vault (H2 and files) on free loopback ports,
 * wired as {@code blindgate-server --role all} wires them: the vault checks the gateway's tokens
 * through the gateway's JWKS URL. Each gets its own directory under one temporary directory,
 * deleted on close. Argon2 is made cheap so registering users is quick. Public for the terminal
 * client's tests ({@code cli}), which drive the same servers.
 */
public final class Servers implements AutoCloseable {

    private final Path dir;
    private final Gateway gateway;
    private final VaultConfig vaultConfig;
    private volatile Vault vault;

    private Servers(UnaryOperator<GatewayConfig> customise) {
        try {
            dir = Files.createTempDirectory("blindgate-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GatewayConfig base = GatewayConfig.defaults(dir.resolve("gateway"), 0);
        GatewayConfig.Auth a = base.auth();
        base = base.withAuth(new GatewayConfig.Auth(a.issuer(), a.audience(), a.accessTokenLifetime(),
                a.refreshTokenLifetime(), a.clockSkew(), a.keyRotation(), new PasswordHasher.Params(1024, 1, 1), null,
                10_000, 100_000));
        gateway = Gateway.start(customise.apply(base));
        try {
            URL jwks = URI.create("http://127.0.0.1:" + gateway.port() + "/.well-known/jwks.json").toURL();
            VaultConfig defaults = VaultConfig.defaults(dir.resolve("vault"), 0, jwks);
            Vault first = Vault.start(defaults);
            // Later restarts keep the port, so clients find the vault where it was.
            vaultConfig = defaults.withListen(new VaultConfig.Listen("127.0.0.1", first.port(), null, null));
            vault = first;
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw new IllegalStateException(e);
        }
    }

    public static Servers start() {
        return new Servers(UnaryOperator.identity());
    }

    /** With the gateway's access tokens living only {@code lifetime}, and no clock skew. */
    static Servers withTokenLifetime(Duration lifetime) {
        return new Servers(c -> {
            GatewayConfig.Auth a = c.auth();
            return c.withAuth(new GatewayConfig.Auth(a.issuer(), a.audience(), lifetime, a.refreshTokenLifetime(),
                    Duration.ZERO, a.keyRotation(), a.passwordHashing(), null, a.loginBurstPerUsername(),
                    a.loginBurstPerAddress()));
        });
    }

    public URI gatewayUrl() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public URI vaultUrl() {
        return URI.create("http://127.0.0.1:" + vault.port());
    }

    int gatewayPort() {
        return gateway.port();
    }

    Gateway gateway() {
        return gateway;
    }

    Vault vault() {
        return vault;
    }

    /** The gateway's data directory: its H2 database files and signing keys. */
    Path gatewayDir() {
        return dir.resolve("gateway");
    }

    /** Stops the vault (an outage); {@link #startVault()} brings it back on the same port and data. */
    void stopVault() {
        vault.close();
    }

    void startVault() {
        vault = Vault.start(vaultConfig);
    }

    /** The vault's data directory: its H2 database, object files and upload spool. */
    Path vaultDir() {
        return dir.resolve("vault");
    }

    /** A fresh directory for a client store. */
    public Path newStoreDir(String name) {
        return dir.resolve("stores").resolve(name + "-" + System.nanoTime());
    }

    @Override
    public void close() {
        try {
            vault.close();
        } finally {
            gateway.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
