package org.blindgate.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.blindgate.gateway.Gateway;
import org.blindgate.gateway.auth.PasswordHasher;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.service.testing.PostgresDatabase;

/**
 * A real gateway on a free loopback port with its own temporary data directory, on H2 or on a
 * fresh PostgreSQL database. Argon2 is made cheap so that registering users is fast; every other
 * setting is the default unless a test changes it.
 */
public final class TestGateway implements AutoCloseable {

    public enum Db { H2, POSTGRES }

    private final Path dataDir;
    private final PostgresDatabase postgres;
    private final Gateway gateway;
    private final GatewayConfig config;

    private TestGateway(Db db, UnaryOperator<GatewayConfig> customise) {
        try {
            this.dataDir = Files.createTempDirectory("blindgate-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GatewayConfig base = GatewayConfig.defaults(dataDir, 0);
        base = base.withAuth(new GatewayConfig.Auth(base.auth().issuer(), base.auth().audience(),
                base.auth().accessTokenLifetime(), base.auth().refreshTokenLifetime(), base.auth().clockSkew(),
                base.auth().keyRotation(), new PasswordHasher.Params(1024, 1, 1), null, 10_000, 100_000));
        if (db == Db.POSTGRES) {
            postgres = new PostgresDatabase();
            base = base.withStorage(new GatewayConfig.Storage(dataDir, postgres.url(), postgres.user(), null,
                    base.storage().poolSize(), base.storage().batch()));
        } else {
            postgres = null;
        }
        this.config = customise.apply(base);
        this.gateway = Gateway.start(config);
    }

    public static TestGateway start(Db db) {
        return new TestGateway(db, UnaryOperator.identity());
    }

    public static TestGateway start(Db db, UnaryOperator<GatewayConfig> customise) {
        return new TestGateway(db, customise);
    }

    public Gateway gateway() {
        return gateway;
    }

    public GatewayConfig config() {
        return config;
    }

    public int port() {
        return gateway.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Api api() {
        return new Api(port());
    }

    @Override
    public void close() {
        gateway.close();
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
