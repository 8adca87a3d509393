package org.blindgate.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blindgate.gateway.auth.PasswordHasher;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.config.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The launch options of {@code blindgate-server}, one field per flag. Every flag also has an
 * environment variable ({@code BLINDGATE_} + the flag's name in upper case, dashes as
 * underscores) and a config-file key (the flag's name without dashes); {@link Settings} layers
 * them, and {@link #toGatewayConfig()} turns the result into the gateway's records.
 *
 * <p>Defaults here are the embedded default of {@link GatewayConfig#defaults}; a test keeps the
 * two equal. To add a flag, add a field with its env var in the description: help, env var,
 * config key and precedence all follow from the field.
 */
@Command(name = "blindgate-server",
        mixinStandardHelpOptions = true,
        versionProvider = ServerOptions.Version.class,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Runs the Blindgate gateway: the blind metadata router of an end-to-end encrypted messenger.",
            "With no configuration: 127.0.0.1:8080, H2 files and a generated signing key in ./data",
            "",
            "Each flag has an environment variable and a config-file key (the flag's name without dashes). "
                    + "Precedence: flag > environment variable > config file > default. "
                    + "An empty environment variable counts as unset."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped cleanly (SIGTERM or Ctrl-C)",
            "1:could not start (port in use, database unreachable, ...)",
            "2:invalid configuration"})
public final class ServerOptions {

    /** Prefix of every environment variable: {@code --gateway-port} is {@code BLINDGATE_GATEWAY_PORT}. */
    public static final String ENV_PREFIX = "BLINDGATE_";

    // --- essentials

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of the H2 database files and the generated token-signing key. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_DATA_DIR.",
            defaultValue = "./data")
    Path dataDir;

    @Option(names = "--gateway-port", paramLabel = "PORT",
            description = "Port of the gateway's HTTP and WebSocket listener; 0 takes any free port "
                    + "(the start-up log line shows which). Default: ${DEFAULT-VALUE}. Env: BLINDGATE_GATEWAY_PORT.",
            defaultValue = "8080")
    int gatewayPort;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_HOST.",
            defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Java .properties file of settings, keyed by flag names without dashes "
                    + "(gateway-port=9000). An unknown key is an error. Env: BLINDGATE_CONFIG.")
    Path config;

    // --- production

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db) of the metadata database. "
                    + "Default: H2 files under the data directory. Env: BLINDGATE_DB_URL.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "Database user. Env: BLINDGATE_DB_USER.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", converter = SecretConverter.class,
            description = "Database password; prefer the environment variable or the config file, since "
                    + "flags are visible to other local users. Env: BLINDGATE_DB_PASSWORD.")
    Secret dbPassword;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Certificate chain (PEM) for HTTPS/WSS; needs --tls-key. Env: BLINDGATE_TLS_CERT.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "Private key (PEM) of --tls-cert. Env: BLINDGATE_TLS_KEY.")
    Path tlsKey;

    // --- less frequent

    @Option(names = "--issuer", paramLabel = "ISS",
            description = "Token issuer (iss); with --external-jwks-url, the identity provider's. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_ISSUER.",
            defaultValue = "blindgate")
    String issuer;

    @Option(names = "--audience", paramLabel = "AUD",
            description = "Token audience (aud); with --external-jwks-url, the identity provider's. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_AUDIENCE.",
            defaultValue = "blindgate")
    String audience;

    @Option(names = "--access-token-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Access token lifetime, at most 15m; ISO-8601 (PT15M) or 900s, 15m, 1h. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_ACCESS_TOKEN_TTL.",
            defaultValue = "15m")
    Duration accessTokenTtl;

    @Option(names = "--retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long message metadata is kept. Default: ${DEFAULT-VALUE}. Env: BLINDGATE_RETENTION.",
            defaultValue = "90d")
    Duration retention;

    @Option(names = "--external-jwks-url", paramLabel = "URL", converter = HttpUrlConverter.class,
            description = "Trust an external identity provider's tokens, verified with the keys at this JWKS URL "
                    + "(then --issuer and --audience are required, and register/login are not served). "
                    + "Env: BLINDGATE_EXTERNAL_JWKS_URL.")
    URL externalJwksUrl;

    @Option(names = "--login-burst-per-address", paramLabel = "N",
            description = "Login attempts one client address may make at once before being rate limited. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_LOGIN_BURST_PER_ADDRESS.",
            defaultValue = "100")
    int loginBurstPerAddress;

    @Option(names = "--password-hash-memory-kib", paramLabel = "KIB",
            description = "Argon2id memory per password hash, in KiB (lower only for tests). "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_PASSWORD_HASH_MEMORY_KIB.",
            defaultValue = "19456")
    int passwordHashMemoryKib;

    @Option(names = "--db-pool-size", paramLabel = "N",
            description = "Database connections, and threads doing blocking work. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_DB_POOL_SIZE.",
            defaultValue = "8")
    int dbPoolSize;

    @Option(names = "--write-batch", paramLabel = "N",
            description = "Most messages written per group-commit transaction. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_WRITE_BATCH.",
            defaultValue = "1000")
    int writeBatch;

    /** Settings {@link #toGatewayConfig()} needs to know were given, not defaulted. */
    Set<String> explicitlySet = Set.of();

    /**
     * The gateway's configuration from these options.
     *
     * @throws IllegalArgumentException with one sentence naming what to fix
     */
    GatewayConfig toGatewayConfig() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both PEM files or neither");
        }
        requireFile(tlsCert, "--tls-cert");
        requireFile(tlsKey, "--tls-key");
        if (externalJwksUrl != null
                && !(explicitlySet.contains("issuer") && explicitlySet.contains("audience"))) {
            throw new IllegalArgumentException(
                    "--external-jwks-url needs the identity provider's --issuer and --audience as well");
        }
        GatewayConfig defaults = GatewayConfig.defaults(dataDir, gatewayPort);
        GatewayConfig.Auth d = defaults.auth();
        GatewayConfig.Storage storage = new GatewayConfig.Storage(dataDir, dbUrl,
                dbUser, dbPassword, dbPoolSize, writeBatch);
        PasswordHasher.Params hashing = new PasswordHasher.Params(passwordHashMemoryKib,
                d.passwordHashing().iterations(), d.passwordHashing().parallelism());
        GatewayConfig.Auth auth = new GatewayConfig.Auth(issuer, audience, accessTokenTtl, d.refreshTokenLifetime(),
                d.clockSkew(), d.keyRotation(), hashing, externalJwksUrl, d.loginBurstPerUsername(),
                loginBurstPerAddress);
        return defaults
                .withListen(new GatewayConfig.Listen(host, gatewayPort, tlsCert, tlsKey))
                .withStorage(storage)
                .withAuth(auth)
                .withRetention(retention);
    }

    private static void requireFile(Path file, String flag) {
        if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
            throw new IllegalArgumentException(flag + " " + file + " is not a readable file");
        }
    }

    /** Where the database is, for the start-up line; never the URL itself, which may hold a password. */
    String storageDescription() {
        if (dbUrl == null) {
            return "H2 in " + dataDir;
        }
        if (dbUrl.startsWith("jdbc:postgresql:")) {
            try {
                URI uri = new URI(dbUrl.substring("jdbc:".length()));
                String where = uri.getHost() == null ? "localhost" : uri.getHost();
                return "PostgreSQL at " + where + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + (uri.getPath() == null ? "" : uri.getPath());
            } catch (URISyntaxException e) {
                return "PostgreSQL";
            }
        }
        return "H2 at a custom URL";
    }

    /** Parses ISO-8601 ({@code PT15M}, {@code P90D}) or a number with a unit: ms, s, m, h, d. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            String v = value.trim();
            Matcher m = SHORT.matcher(v.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration (use 900s, 15m, 2h, 90d or ISO-8601 like PT15M)");
            }
        }
    }

    /** An absolute http or https URL; anything else is refused before start-up. */
    static final class HttpUrlConverter implements ITypeConverter<URL> {
        @Override
        public URL convert(String value) {
            try {
                URI uri = new URI(value.trim());
                if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                        || uri.getHost() == null) {
                    throw new TypeConversionException("'" + value + "' is not an http(s) URL");
                }
                return uri.toURL();
            } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an http(s) URL");
            }
        }
    }

    /** Wraps the password at once, so no option field holds it as a printable string. */
    static final class SecretConverter implements ITypeConverter<Secret> {
        @Override
        public Secret convert(String value) {
            return new Secret(value);
        }
    }

    /** The version from the build (a resource Maven filters), so it needs no jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"blindgate-server " + version()};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = ServerOptions.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version", "unknown");
        }
    }
}
