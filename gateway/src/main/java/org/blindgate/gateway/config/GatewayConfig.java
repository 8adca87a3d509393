package org.blindgate.gateway.config;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.blindgate.gateway.auth.PasswordHasher;
import org.blindgate.gateway.session.SessionLimits;

/**
 * Everything the gateway needs, validated once at start-up; the server module builds it from
 * flags, environment and file, and nothing reads configuration after that.
 */
public record GatewayConfig(Listen listen, Storage storage, Auth auth, SessionLimits session, Duration retention) {

    /** Where to listen; TLS when both PEM paths are set. */
    public record Listen(String host, int port, Path tlsCert, Path tlsKey) {
        public Listen {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("gateway port must be 0-65535, was " + port);
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("TLS needs both a certificate and a key (PEM files)");
            }
        }

        public boolean tls() {
            return tlsCert != null;
        }
    }

    /**
     * @param dataDir  where the embedded database and the signing keys live
     * @param dbUrl    a PostgreSQL JDBC URL, or null for H2 under {@code dataDir}
     * @param poolSize database connections, and blocking worker threads
     * @param batch    most messages written per group-commit transaction
     */
    public record Storage(Path dataDir, String dbUrl, String dbUser, Secret dbPassword, int poolSize, int batch) {
        public Storage {
            Objects.requireNonNull(dataDir, "dataDir");
            if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:") && !dbUrl.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("database URL must start with jdbc:postgresql: (or jdbc:h2:)");
            }
            if (poolSize < 2 || poolSize > 200) {
                throw new IllegalArgumentException("database pool size must be 2-200, was " + poolSize);
            }
            if (batch < 1 || batch > 10_000) {
                throw new IllegalArgumentException("write batch must be 1-10000, was " + batch);
            }
        }
    }

    /**
     * Token settings. With {@code externalJwks} set, tokens come from an external identity
     * provider (its issuer and audience), and register/login are not served.
     */
    public record Auth(String issuer, String audience, Duration accessTokenLifetime, Duration refreshTokenLifetime,
            Duration clockSkew, Duration keyRotation, PasswordHasher.Params passwordHashing, URL externalJwks,
            int loginBurstPerUsername, int loginBurstPerAddress) {
        public Auth {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(audience, "audience");
            if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()
                    || accessTokenLifetime.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new IllegalArgumentException("access token lifetime must be 1 s to 15 min");
            }
            if (refreshTokenLifetime.compareTo(accessTokenLifetime) <= 0) {
                throw new IllegalArgumentException("refresh token lifetime must exceed the access token lifetime");
            }
            if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew must be 0-5 min");
            }
            if (loginBurstPerUsername < 1 || loginBurstPerAddress < 1) {
                throw new IllegalArgumentException("login rate limits must be at least 1");
            }
        }

        public boolean external() {
            return externalJwks != null;
        }
    }

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(session, "session");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /** The embedded default under {@code dataDir}: loopback, H2, generated key. */
    public static GatewayConfig defaults(Path dataDir, int port) {
        return new GatewayConfig(
                new Listen("127.0.0.1", port, null, null),
                new Storage(dataDir, null, null, null, 8, 1000),
                new Auth("blindgate", "blindgate", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(30),
                        Duration.ofDays(30), PasswordHasher.Params.DEFAULT, null, 10, 100),
                SessionLimits.DEFAULT,
                Duration.ofDays(90));
    }

    public GatewayConfig withStorage(Storage s) {
        return new GatewayConfig(listen, s, auth, session, retention);
    }

    public GatewayConfig withAuth(Auth a) {
        return new GatewayConfig(listen, storage, a, session, retention);
    }

    public GatewayConfig withSession(SessionLimits l) {
        return new GatewayConfig(listen, storage, auth, l, retention);
    }

    public GatewayConfig withListen(Listen l) {
        return new GatewayConfig(l, storage, auth, session, retention);
    }

    public GatewayConfig withRetention(Duration r) {
        return new GatewayConfig(listen, storage, auth, session, r);
    }
}
