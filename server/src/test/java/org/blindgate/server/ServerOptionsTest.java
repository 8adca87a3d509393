package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.store.GatewayDatabase;
import org.blindgate.server.Settings.SettingsException;
import org.blindgate.vault.VaultConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerOptionsTest {

    @TempDir
    Path dir;

    private static GatewayConfig config(Map<String, String> env, String... args) {
        return Settings.parse(args, env).gatewayConfig();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void withNothingGivenIsTheGatewaysEmbeddedDefault() {
        GatewayConfig actual = config(Map.of());
        GatewayConfig expected = GatewayConfig.defaults(Path.of("./data"), 8080);

        assertThat(actual.listen()).isEqualTo(expected.listen());
        assertThat(actual.auth()).isEqualTo(expected.auth());
        assertThat(actual.session()).isEqualTo(expected.session());
        assertThat(actual.retention()).isEqualTo(expected.retention());
        assertThat(actual.storage()).isEqualTo(expected.storage());
        // No URL means the embedded H2, with H2's own shutdown hook turned off (the server's closes it).
        assertThat(actual.storage().dbUrl()).isNull();
        assertThat(GatewayDatabase.h2Url(Path.of("./data"))).contains(";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void withNothingGivenTheVaultRunsBesideTheGatewayOnItsEmbeddedDefault() throws Exception {
        Settings settings = Settings.parse(new String[0], Map.of());
        VaultConfig actual = settings.vaultConfig(8080);
        VaultConfig expected = VaultConfig.defaults(Path.of("./data/vault"), 8081,
                URI.create("http://127.0.0.1:8080/.well-known/jwks.json").toURL());

        assertThat(settings.options().role).isEqualTo(ServerOptions.Role.ALL);
        assertThat(actual.listen()).isEqualTo(expected.listen());
        assertThat(actual.storage()).isEqualTo(expected.storage());
        assertThat(actual.limits()).isEqualTo(expected.limits());
        assertThat(actual.auth().jwksUrl()).hasToString(expected.auth().jwksUrl().toString());
        assertThat(actual.auth().issuer()).isEqualTo(expected.auth().issuer());
        assertThat(actual.auth().audience()).isEqualTo(expected.auth().audience());
        assertThat(actual.limits().blobMaxBytes()).isEqualTo(256 * 1024);
        assertThat(actual.limits().attachmentMaxBytes()).isEqualTo(100 * 1024 * 1024);
        assertThat(actual.limits().blobTtl()).isEqualTo(Duration.ofDays(30));
        // The gateway's port once it listens (0 means "any"): the vault asks that gateway for its keys.
        assertThat(settings.vaultConfig(41234).auth().jwksUrl()).hasToString(
                "http://127.0.0.1:41234/.well-known/jwks.json");
    }

    @Test
    void theVaultTrustsTheGivenJwksElseTheExternalProvidersElseTheLocalGateway() {
        assertThat(Settings.parse(new String[] {"--issuer-jwks-url", "https://gw.example/.well-known/jwks.json",
                "--external-jwks-url", "https://idp.example/jwks", "--issuer", "i", "--audience", "a"}, Map.of())
                .vaultConfig(8080).auth().jwksUrl()).hasToString("https://gw.example/.well-known/jwks.json");
        VaultConfig external = Settings.parse(new String[] {"--external-jwks-url", "https://idp.example/jwks",
                "--issuer", "https://idp.example", "--audience", "api"}, Map.of()).vaultConfig(8080);
        assertThat(external.auth().jwksUrl()).hasToString("https://idp.example/jwks");
        assertThat(external.auth().issuer()).isEqualTo("https://idp.example");
        assertThat(external.auth().audience()).isEqualTo("api");
        assertThat(Settings.parse(new String[] {"--host", "0.0.0.0"}, Map.of()).vaultConfig(9000).auth().jwksUrl())
                .as("loopback to a gateway on every interface").hasToString("http://127.0.0.1:9000/.well-known/jwks.json");
        assertThat(Settings.parse(new String[] {"--host", "::1"}, Map.of()).vaultConfig(9000).auth().jwksUrl())
                .hasToString("http://[::1]:9000/.well-known/jwks.json");
    }

    @Test
    void roleSelectsWhatRunsAndAVaultAloneNeedsTheIssuersJwks() {
        assertThat(Settings.parse(new String[] {"--role", "gateway"}, Map.of()).options().role)
                .isEqualTo(ServerOptions.Role.GATEWAY);
        assertThat(Settings.parse(new String[0], Map.of("BLINDGATE_ROLE", "VAULT")).options().role)
                .isEqualTo(ServerOptions.Role.VAULT);
        assertThatThrownBy(() -> Settings.parse(new String[] {"--role", "vault"}, Map.of()).vaultConfig(8080))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--role vault needs --issuer-jwks-url");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--role", "router"}, Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--role");
        assertThat(Settings.parse(new String[] {"--role", "vault", "--issuer-jwks-url", "http://10.0.0.5:8080/jwks"},
                Map.of()).vaultConfig(8080).auth().jwksUrl()).hasToString("http://10.0.0.5:8080/jwks");
    }

    @Test
    void refusesWhatTheVaultRecordsRefuse() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--vault-port", "8080"}, Map.of()).vaultConfig(8080))
                .isInstanceOf(SettingsException.class).hasMessage("--vault-port and --gateway-port must differ, both were 8080");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--vault-port", "70000"}, Map.of()).vaultConfig(8080))
                .isInstanceOf(SettingsException.class).hasMessage("vault port must be 0-65535, was 70000");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--vault-db-url", "mysql://db"}, Map.of()).vaultConfig(8080))
                .isInstanceOf(SettingsException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--blob-max-bytes", "lots"}, Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("not a size");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--blob-max-bytes", "0"}, Map.of()).vaultConfig(8080))
                .isInstanceOf(SettingsException.class).hasMessageContaining("blob size limit");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--issuer-jwks-url", "file:///etc/jwks"}, Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(Settings.parse(new String[] {"--blob-max-bytes", "1000"}, Map.of()).vaultConfig(8080)
                .limits().blobMaxBytes()).isEqualTo(1000);
        assertThat(Settings.parse(new String[] {"--blob-max-bytes", "64k", "--attachment-max-bytes", "2GiB"}, Map.of())
                .vaultConfig(8080).limits()).satisfies(l -> {
                    assertThat(l.blobMaxBytes()).isEqualTo(64 * 1024);
                    assertThat(l.attachmentMaxBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
                });
        assertThat(Settings.parse(new String[] {"--attachment-max-bytes", "10 MiB"}, Map.of()).vaultConfig(8080)
                .limits().attachmentMaxBytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void flagBeatsEnvironmentBeatsConfigFileBeatsDefault() throws IOException {
        Path props = file("blindgate.properties", """
                gateway-port=1111
                host=10.0.0.1
                write-batch=77
                """);
        Map<String, String> env = Map.of(
                "BLINDGATE_CONFIG", props.toString(),
                "BLINDGATE_GATEWAY_PORT", "2222",
                "BLINDGATE_HOST", "10.0.0.2");

        GatewayConfig c = config(env, "--gateway-port", "3333");

        assertThat(c.listen().port()).as("flag over env and file").isEqualTo(3333);
        assertThat(c.listen().host()).as("env over file").isEqualTo("10.0.0.2");
        assertThat(c.storage().batch()).as("file over default").isEqualTo(77);
        assertThat(c.storage().poolSize()).as("default").isEqualTo(8);
    }

    @Test
    void configFlagBeatsConfigEnvironmentVariable() throws IOException {
        Path fromEnv = file("env.properties", "gateway-port=1111\n");
        Path fromFlag = file("flag.properties", "gateway-port=2222\n");

        GatewayConfig c = config(Map.of("BLINDGATE_CONFIG", fromEnv.toString()), "--config", fromFlag.toString());

        assertThat(c.listen().port()).isEqualTo(2222);
    }

    @Test
    void flagOverridesAnInvalidEnvironmentValue() {
        GatewayConfig c = config(Map.of("BLINDGATE_GATEWAY_PORT", "not-a-port"), "--gateway-port", "9000");

        assertThat(c.listen().port()).isEqualTo(9000);
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnset() {
        GatewayConfig c = config(Map.of("BLINDGATE_DB_URL", "", "BLINDGATE_GATEWAY_PORT", " "));

        assertThat(c.storage().dbUrl()).as("embedded H2").isNull();
        assertThat(c.listen().port()).isEqualTo(8080);
    }

    @Test
    void readsEverySettingFromItsEnvironmentVariable() throws IOException {
        Path cert = file("cert.pem", "x");
        Path key = file("key.pem", "x");
        Map<String, String> env = new HashMap<>();
        env.put("BLINDGATE_DATA_DIR", dir.toString());
        env.put("BLINDGATE_GATEWAY_PORT", "0");
        env.put("BLINDGATE_HOST", "0.0.0.0");
        env.put("BLINDGATE_DB_URL", "jdbc:postgresql://db.internal:5432/blindgate");
        env.put("BLINDGATE_DB_USER", "bg");
        env.put("BLINDGATE_DB_PASSWORD", "${not-a-variable}@not-a-file");
        env.put("BLINDGATE_TLS_CERT", cert.toString());
        env.put("BLINDGATE_TLS_KEY", key.toString());
        env.put("BLINDGATE_ISSUER", "https://idp.example");
        env.put("BLINDGATE_AUDIENCE", "blindgate-api");
        env.put("BLINDGATE_ACCESS_TOKEN_TTL", "PT10M");
        env.put("BLINDGATE_RETENTION", "30d");
        env.put("BLINDGATE_EXTERNAL_JWKS_URL", "https://idp.example/jwks.json");
        env.put("BLINDGATE_LOGIN_BURST_PER_ADDRESS", "7");
        env.put("BLINDGATE_PASSWORD_HASH_MEMORY_KIB", "1024");
        env.put("BLINDGATE_DB_POOL_SIZE", "4");
        env.put("BLINDGATE_WRITE_BATCH", "50");
        env.put("BLINDGATE_ROLE", "all");
        env.put("BLINDGATE_VAULT_PORT", "9443");
        env.put("BLINDGATE_VAULT_DB_URL", "jdbc:postgresql://vault-db.internal:5432/vault");
        env.put("BLINDGATE_VAULT_DB_USER", "vault");
        env.put("BLINDGATE_VAULT_DB_PASSWORD", "vault-secret");
        env.put("BLINDGATE_ISSUER_JWKS_URL", "https://gw.example/.well-known/jwks.json");
        env.put("BLINDGATE_BLOB_MAX_BYTES", "128KiB");
        env.put("BLINDGATE_ATTACHMENT_MAX_BYTES", "50MiB");
        env.put("BLINDGATE_BLOB_TTL", "7d");
        env.put("BLINDGATE_ATTACHMENT_TTL", "14d");
        env.put("BLINDGATE_VAULT_IDLE_TIMEOUT", "45s");
        env.put("BLINDGATE_VAULT_UPLOAD_BURST", "1000");
        env.put("BLINDGATE_VAULT_UPLOAD_REFILL", "10ms");
        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(
                Settings.envNames().stream().filter(n -> !n.equals("BLINDGATE_CONFIG")).toList());

        GatewayConfig c = config(env);

        assertThat(c.listen()).isEqualTo(new GatewayConfig.Listen("0.0.0.0", 0, cert, key));
        assertThat(c.storage().dataDir()).isEqualTo(dir);
        assertThat(c.storage().dbUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/blindgate");
        assertThat(c.storage().dbUser()).isEqualTo("bg");
        // Taken as written: no ${...} interpolation, no @file expansion, and never printed.
        assertThat(c.storage().dbPassword().value()).isEqualTo("${not-a-variable}@not-a-file");
        assertThat(c.storage().dbPassword()).hasToString("[REDACTED]");
        assertThat(c.auth().issuer()).isEqualTo("https://idp.example");
        assertThat(c.auth().audience()).isEqualTo("blindgate-api");
        assertThat(c.auth().accessTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.auth().externalJwks()).hasToString("https://idp.example/jwks.json");
        assertThat(c.auth().loginBurstPerAddress()).isEqualTo(7);
        assertThat(c.auth().passwordHashing().memoryKiB()).isEqualTo(1024);
        assertThat(c.storage().poolSize()).isEqualTo(4);
        assertThat(c.storage().batch()).isEqualTo(50);

        VaultConfig v = Settings.parse(new String[0], env).vaultConfig(0);
        assertThat(v.listen()).isEqualTo(new VaultConfig.Listen("0.0.0.0", 9443, cert, key));
        assertThat(v.storage().dataDir()).isEqualTo(dir.resolve("vault"));
        assertThat(v.storage().dbUrl()).isEqualTo("jdbc:postgresql://vault-db.internal:5432/vault");
        assertThat(v.storage().dbUser()).isEqualTo("vault");
        assertThat(v.storage().dbPassword().value()).isEqualTo("vault-secret");
        assertThat(v.storage().dbPassword()).hasToString("[REDACTED]");
        assertThat(v.storage().poolSize()).isEqualTo(4);
        assertThat(v.auth().jwksUrl()).hasToString("https://gw.example/.well-known/jwks.json");
        assertThat(v.auth().issuer()).isEqualTo("https://idp.example");
        assertThat(v.limits().blobMaxBytes()).isEqualTo(128 * 1024);
        assertThat(v.limits().attachmentMaxBytes()).isEqualTo(50 * 1024 * 1024);
        assertThat(v.limits().blobTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(v.limits().attachmentTtl()).isEqualTo(Duration.ofDays(14));
        assertThat(v.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(v.limits().uploadBurst()).isEqualTo(1000);
        assertThat(v.limits().uploadRefill()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void acceptsShortAndIsoDurations() {
        assertThat(config(Map.of(), "--access-token-ttl", "900s").auth().accessTokenLifetime())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(config(Map.of(), "--access-token-ttl", "PT5M").auth().accessTokenLifetime())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(config(Map.of(), "--retention", "12h").retention()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void refusesUnknownConfigKeyNamingIt() throws IOException {
        Path props = file("typo.properties", "gateway-port=9000\ngateway_port=9000\n");

        assertThatThrownBy(() -> config(Map.of(), "--config", props.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("unknown key 'gateway_port'")
                .hasMessageContaining(props.toString());
    }

    @Test
    void refusesMissingConfigFile() {
        assertThatThrownBy(() -> config(Map.of("BLINDGATE_CONFIG", dir.resolve("absent.properties").toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("absent.properties");
    }

    @Test
    void refusesInvalidPortWhereverItComesFrom() throws IOException {
        assertThatThrownBy(() -> config(Map.of(), "--gateway-port", "70000"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("gateway port must be 0-65535, was 70000");
        assertThatThrownBy(() -> config(Map.of(), "--gateway-port", "http"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'http' is not an int");
        assertThatThrownBy(() -> config(Map.of("BLINDGATE_GATEWAY_PORT", "http")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("environment variable BLINDGATE_GATEWAY_PORT");
        Path props = file("port.properties", "gateway-port=-5\n");
        assertThatThrownBy(() -> config(Map.of(), "--config", props.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("gateway port must be 0-65535, was -5");
    }

    @Test
    void tlsNeedsBothReadablePemFiles() throws IOException {
        Path cert = file("cert.pem", "x");
        Path key = file("key.pem", "x");

        assertThatThrownBy(() -> config(Map.of(), "--tls-cert", cert.toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> config(Map.of("BLINDGATE_TLS_KEY", key.toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> config(Map.of(), "--tls-cert", cert.toString(),
                "--tls-key", dir.resolve("missing.pem").toString()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("missing.pem is not a readable file");
        assertThat(config(Map.of(), "--tls-cert", cert.toString(), "--tls-key", key.toString()).listen().tls())
                .isTrue();
    }

    @Test
    void refusesWhatTheConfigurationRecordsRefuse() {
        assertThatThrownBy(() -> config(Map.of(), "--db-url", "mysql://db/blindgate"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> config(Map.of(), "--access-token-ttl", "1h"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("15 min");
        assertThatThrownBy(() -> config(Map.of(), "--retention", "soon"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> config(Map.of(), "--write-batch", "0"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("write batch");
        assertThatThrownBy(() -> config(Map.of(), "--password-hash-memory-kib", "4"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("memoryKiB");
        assertThatThrownBy(() -> config(Map.of(), "--bogus"))
                .isInstanceOf(SettingsException.class).hasMessage("Unknown option: '--bogus'");
    }

    @Test
    void externalIdentityProviderNeedsItsIssuerAndAudience() {
        assertThatThrownBy(() -> config(Map.of(), "--external-jwks-url", "ftp://idp.example/jwks"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> config(Map.of(), "--external-jwks-url", "https://idp.example/jwks",
                "--issuer", "https://idp.example"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("--audience");

        GatewayConfig c = config(Map.of("BLINDGATE_AUDIENCE", "api"), "--external-jwks-url",
                "https://idp.example/jwks", "--issuer", "https://idp.example");
        assertThat(c.auth().external()).isTrue();
    }

    @Test
    void helpNamesEachFlagWithItsOwnEnvironmentVariable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Settings.printHelp(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String help = bytes.toString(StandardCharsets.UTF_8);

        for (String env : Settings.envNames()) {
            String flag = "--" + env.substring("BLINDGATE_".length()).toLowerCase().replace('_', '-');
            // The description of the flag (up to the next flag) names the variable derived from it.
            int at = help.indexOf("\n      " + flag + "=");
            assertThat(at).as(flag).isNotNegative();
            int next = help.indexOf("\n      --", at + 1);
            String description = help.substring(at, next < 0 ? help.length() : next).replaceAll("\\s+", " ");
            assertThat(description).as(flag).contains("Env: " + env + ".");
        }
        assertThat(help).contains("Default: 8080", "Default: ./data", "Default: 90d", "Default: 127.0.0.1");
        assertThat(help.replaceAll("\\s+", " ")).contains("Default: 8081", "Default: all", "Default: 256KiB",
                "Default: 100MiB", "Default: 30d");
    }

    @Test
    void helpAndVersionAreRecognisedBeforeAnythingIsRead() {
        Map<String, String> brokenEnv = Map.of("BLINDGATE_CONFIG", "/nonexistent.properties");

        assertThat(Settings.parse(new String[] {"--help"}, brokenEnv).helpRequested()).isTrue();
        assertThat(Settings.parse(new String[] {"--version"}, brokenEnv).versionRequested()).isTrue();
    }
}
