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
import org.blindgate.vault.VaultConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
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
            "Runs the Blindgate gateway (the blind metadata router of an end-to-end encrypted messenger) and its vault",
            "(ciphertext, attachments, public prekeys), together or apart (--role).",
            "With no configuration: gateway on 127.0.0.1:8080 (H2 files and a generated signing key in ./data),",
            "vault on 127.0.0.1:8081 (H2 and files in ./data/vault).",
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
            description = "Directory of the gateway's H2 database files and generated token-signing key; the vault "
                    + "keeps its own under <data-dir>/vault. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_DATA_DIR.",
            defaultValue = "./data")
    Path dataDir;

    @Option(names = "--gateway-port", paramLabel = "PORT",
            description = "Port of the gateway's HTTP and WebSocket listener; 0 takes any free port "
                    + "(the start-up log line shows which). Default: ${DEFAULT-VALUE}. Env: BLINDGATE_GATEWAY_PORT.",
            defaultValue = "8080")
    int gatewayPort;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "What this process runs: all (gateway and vault side by side), gateway, or vault. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_ROLE.",
            defaultValue = "all")
    Role role;

    @Option(names = "--vault-port", paramLabel = "PORT",
            description = "Port of the vault's HTTP listener; 0 takes any free port. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_VAULT_PORT.",
            defaultValue = "8081")
    int vaultPort;

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

    @Option(names = "--vault-db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL of the vault's own database, which then holds the vault's index and bytes "
                    + "(stateless vault nodes behind a load balancer). Default: H2 and files under <data-dir>/vault. "
                    + "Env: BLINDGATE_VAULT_DB_URL.")
    String vaultDbUrl;

    @Option(names = "--vault-db-user", paramLabel = "USER",
            description = "Vault database user. Env: BLINDGATE_VAULT_DB_USER.")
    String vaultDbUser;

    @Option(names = "--vault-db-password", paramLabel = "PASSWORD", converter = SecretConverter.class,
            description = "Vault database password; prefer the environment variable or the config file. "
                    + "Env: BLINDGATE_VAULT_DB_PASSWORD.")
    Secret vaultDbPassword;

    @Option(names = "--issuer-jwks-url", paramLabel = "URL", converter = HttpUrlConverter.class,
            description = "JWKS of the token issuer the vault trusts (a gateway's /.well-known/jwks.json, or an identity "
                    + "provider's). Default: --external-jwks-url if set, else this process's own gateway; required with "
                    + "--role vault. Env: BLINDGATE_ISSUER_JWKS_URL.")
    URL issuerJwksUrl;

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

    @Option(names = "--blob-max-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest blob the vault accepts, counted while it streams in; bytes, or with KiB/MiB/GiB. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_BLOB_MAX_BYTES.",
            defaultValue = "256KiB")
    long blobMaxBytes;

    @Option(names = "--attachment-max-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest attachment the vault accepts, counted while it streams in. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_ATTACHMENT_MAX_BYTES.",
            defaultValue = "100MiB")
    long attachmentMaxBytes;

    @Option(names = "--blob-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the vault keeps a blob its device never deletes. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_BLOB_TTL.",
            defaultValue = "30d")
    Duration blobTtl;

    @Option(names = "--attachment-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the vault keeps an attachment. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_ATTACHMENT_TTL.",
            defaultValue = "30d")
    Duration attachmentTtl;

    @Option(names = "--vault-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A vault connection silent this long is closed, and an upload stalled on it discarded. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_VAULT_IDLE_TIMEOUT.",
            defaultValue = "30s")
    Duration vaultIdleTimeout;

    @Option(names = "--vault-upload-burst", paramLabel = "N",
            description = "Uploads (blobs, attachments, key bundles) one user may make at once before the vault answers "
                    + "429. Default: ${DEFAULT-VALUE}. Env: BLINDGATE_VAULT_UPLOAD_BURST.",
            defaultValue = "300")
    int vaultUploadBurst;

    @Option(names = "--vault-upload-refill", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "One more upload per user per this long, up to the burst. "
                    + "Default: ${DEFAULT-VALUE}. Env: BLINDGATE_VAULT_UPLOAD_REFILL.",
            defaultValue = "100ms")
    Duration vaultUploadRefill;

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

    /** What one process runs. */
    enum Role {
        ALL, GATEWAY, VAULT;

        boolean runsGateway() {
            return this != VAULT;
        }

        boolean runsVault() {
            return this != GATEWAY;
        }
    }

    /**
     * The vault's configuration from these options: the vault's data directory is
     * {@code <data-dir>/vault}, and it trusts the tokens of the JWKS at {@link #issuerJwks}.
     *
     * @param gatewayPort the port this process's gateway listens on (the actual one once started,
     *                    so that {@code --gateway-port 0} works), for the default JWKS URL
     * @throws IllegalArgumentException with one sentence naming what to fix
     */
    VaultConfig toVaultConfig(int gatewayPort) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both PEM files or neither");
        }
        if (role == Role.ALL && vaultPort != 0 && vaultPort == gatewayPort) {
            throw new IllegalArgumentException("--vault-port and --gateway-port must differ, both were " + vaultPort);
        }
        Path vaultDir = dataDir.resolve("vault");
        URL jwks = issuerJwks(gatewayPort);
        VaultConfig defaults = VaultConfig.defaults(vaultDir, vaultPort, jwks);
        VaultConfig.Limits limits = defaults.limits()
                .withSizes(blobMaxBytes, attachmentMaxBytes)
                .withLifetimes(blobTtl, attachmentTtl, defaults.limits().sweepEvery())
                .withIdleTimeout(vaultIdleTimeout)
                .withRates(vaultUploadBurst, vaultUploadRefill, defaults.limits().keyFetchBurst(),
                        defaults.limits().keyFetchRefill());
        return defaults
                .withListen(new VaultConfig.Listen(host, vaultPort, tlsCert, tlsKey))
                .withStorage(new VaultConfig.Storage(vaultDir, vaultDbUrl, vaultDbUser,
                        vaultDbPassword == null ? null : new org.blindgate.vault.Secret(vaultDbPassword.value()),
                        dbPoolSize))
                .withAuth(new VaultConfig.Auth(jwks, issuer, audience, defaults.auth().clockSkew()))
                .withLimits(limits);
    }

    /**
     * Whose tokens the vault accepts: {@code --issuer-jwks-url}; else the external identity
     * provider's JWKS; else, beside a gateway in this process, that gateway's (over loopback when
     * it listens on every interface).
     */
    URL issuerJwks(int gatewayPort) {
        if (issuerJwksUrl != null) {
            return issuerJwksUrl;
        }
        if (externalJwksUrl != null) {
            return externalJwksUrl;
        }
        if (role == Role.VAULT) {
            throw new IllegalArgumentException("--role vault needs --issuer-jwks-url: the JWKS URL of the gateway "
                    + "(or identity provider) whose tokens the vault accepts");
        }
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") || host.equals("[::]") ? "::1" : host;
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        try {
            return new URI((tlsCert != null ? "https" : "http") + "://" + h + ":" + gatewayPort
                    + "/.well-known/jwks.json").toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("cannot make the gateway's JWKS URL from --host " + host
                    + "; give --issuer-jwks-url");
        }
    }

    /** Where the vault keeps things, for its start-up line; never the URL itself. */
    String vaultStorageDescription() {
        if (vaultDbUrl == null) {
            return "H2 and files in " + dataDir.resolve("vault");
        }
        return describeDatabase(vaultDbUrl);
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
        return describeDatabase(dbUrl);
    }

    private static String describeDatabase(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            try {
                URI uri = new URI(url.substring("jdbc:".length()));
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

    /** A byte count: a whole number, optionally with a binary unit (KiB, MiB, GiB; or k, m, g). */
    static final class SizeConverter implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(|b|k|kib|m|mib|g|gib)");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size (use 262144, 256KiB, 100MiB or 1GiB)");
            }
            long unit = switch (m.group(2)) {
                case "k", "kib" -> 1024L;
                case "m", "mib" -> 1024L * 1024;
                case "g", "gib" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is too large a size");
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
