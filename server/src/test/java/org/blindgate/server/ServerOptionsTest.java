package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.store.Database;
import org.blindgate.server.Settings.SettingsException;
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
        assertThat(Database.h2Url(Path.of("./data"))).contains(";DB_CLOSE_ON_EXIT=FALSE");
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
    }

    @Test
    void helpAndVersionAreRecognisedBeforeAnythingIsRead() {
        Map<String, String> brokenEnv = Map.of("BLINDGATE_CONFIG", "/nonexistent.properties");

        assertThat(Settings.parse(new String[] {"--help"}, brokenEnv).helpRequested()).isTrue();
        assertThat(Settings.parse(new String[] {"--version"}, brokenEnv).versionRequested()).isTrue();
    }
}
