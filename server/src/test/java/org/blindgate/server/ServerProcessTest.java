package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch contract, against the real server in its own JVM. */
class ServerProcessTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request, String token)
            throws Exception {
        return client.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesHealthAndMetricsThenStopsCleanlyOnSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start("plain", dir.resolve("data"))) {
            assertThat(server.port()).isPositive();
            // One line per service: the gateway's as it always was, then the vault's.
            assertThat(server.lines()).hasSize(2);
            assertThat(server.lines().get(0))
                    .contains("Blindgate gateway listening on http://127.0.0.1:" + server.port(), "(H2 in ");
            assertThat(server.lines().get(1)).contains("Blindgate vault listening on http://127.0.0.1:",
                    "(H2 and files in " + dir.resolve("data").resolve("vault"),
                    "tokens checked against http://127.0.0.1:" + server.port() + "/.well-known/jwks.json)");

            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, server.baseUrl() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(http, server.baseUrl() + "/health/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, server.baseUrl() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("blindgate_connections");
            assertThat(get(http, server.vaultUrl() + "/health/ready").statusCode()).isEqualTo(200);

            server.terminate();
            assertThat(server.awaitExit(Duration.ofSeconds(15))).as("exit code after SIGTERM").isEqualTo(0);
            assertThat(server.lines()).anyMatch(line -> line.contains("Blindgate gateway stopped"))
                    .anyMatch(line -> line.contains("Blindgate vault stopped"));
        }
        // The gateway's files stay where they always were; the vault's go in their own directory.
        assertThat(dir.resolve("data").resolve("signing-keys.json")).isRegularFile();
        assertThat(dir.resolve("data").resolve("gateway.mv.db")).isRegularFile();
        assertThat(dir.resolve("data").resolve("vault").resolve("vault.mv.db")).isRegularFile();
    }

    @Test
    void theDefaultRunsBothAndAGatewayTokenWorksAtTheVault() throws Exception {
        try (GatewayClient client = new GatewayClient();
                ServerProcess server = ServerProcess.start("all", dir.resolve("data"))) {
            GatewayClient.Login alice = client.registerAndLogin(server.port(), "alice", "correct horse battery");
            HttpClient http = HttpClient.newHttpClient();
            String blob = server.vaultUrl() + "/v1/blobs/" + UUID.randomUUID() + "/" + alice.userId() + "/"
                    + alice.deviceId();

            HttpResponse<byte[]> put = send(http, HttpRequest.newBuilder(URI.create(blob))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})), alice.accessToken());
            assertThat(put.statusCode()).as(new String(put.body())).isEqualTo(201);
            HttpResponse<byte[]> got = send(http, HttpRequest.newBuilder(URI.create(
                    blob.substring(0, blob.indexOf(alice.userId().toString()) - 1))).GET(), alice.accessToken());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).containsExactly(1, 2, 3);
            assertThat(send(http, HttpRequest.newBuilder(URI.create(server.vaultUrl() + "/v1/keys/count")).GET(),
                    "not-a-token").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theRolesRunApartAndTheVaultTrustsTheGatewayThroughItsJwks() throws Exception {
        try (GatewayClient client = new GatewayClient();
                ServerProcess gateway = ServerProcess.start("gateway", dir.resolve("gateway-data"), "--role", "gateway");
                ServerProcess vault = ServerProcess.start("vault", dir.resolve("vault-data"), "--role", "vault",
                        "--issuer-jwks-url", "http://127.0.0.1:" + gateway.port() + "/.well-known/jwks.json")) {
            assertThat(gateway.lines()).singleElement().asString().contains("Blindgate gateway listening on");
            assertThat(vault.lines()).singleElement().asString().contains("Blindgate vault listening on");

            GatewayClient.Login bob = client.registerAndLogin(gateway.port(), "bob", "correct horse battery");
            HttpResponse<byte[]> count = send(HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(URI.create(vault.vaultUrl() + "/v1/keys/count")).GET(), bob.accessToken());
            assertThat(count.statusCode()).isEqualTo(200);
            assertThat(new String(count.body())).isEqualTo("{\"oneTimePreKeys\":0}");

            vault.terminate();
            assertThat(vault.awaitExit(Duration.ofSeconds(15))).isEqualTo(0);
            assertThat(vault.lines()).anyMatch(line -> line.contains("Blindgate vault stopped"))
                    .noneMatch(line -> line.contains("gateway"));
        }
        assertThat(dir.resolve("gateway-data").resolve("vault")).doesNotExist();
        assertThat(dir.resolve("vault-data").resolve("vault").resolve("vault.mv.db")).isRegularFile();
        assertThat(dir.resolve("vault-data").resolve("gateway.mv.db")).doesNotExist();
        assertThat(dir.resolve("vault-data").resolve("signing-keys.json")).doesNotExist();
    }

    @Test
    void aVaultAloneNeedsToBeToldWhoseTokensToTrust() throws Exception {
        ServerProcess.Exit exit = ServerProcess.run(dir, "--role", "vault", "--data-dir", dir.resolve("data").toString());

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).singleElement().asString().contains("--issuer-jwks-url");
    }

    @Test
    void servesHttpsWithThePemCertificateAndKey() throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=localhost")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.txt").toFile())
                .start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();

        try (ServerProcess server = ServerProcess.start("tls", dir.resolve("data"),
                "--tls-cert", dir.resolve("cert.pem").toString(), "--tls-key", dir.resolve("key.pem").toString())) {
            assertThat(server.baseUrl()).isEqualTo("https://127.0.0.1:" + server.port());

            HttpClient https = HttpClient.newBuilder().sslContext(trustingEveryCertificate()).build();
            HttpResponse<String> live = get(https, server.baseUrl() + "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.sslSession()).isPresent();
        }
    }

    @Test
    void helpNamesEveryFlagAndEnvironmentVariableAndExitsZero() throws Exception {
        ServerProcess.Exit exit = ServerProcess.run(dir, "--help");

        assertThat(exit.code()).isZero();
        String help = String.join("\n", exit.stdout());
        for (String env : Settings.envNames()) {
            String flag = "--" + env.substring(ServerOptions.ENV_PREFIX.length()).toLowerCase().replace('_', '-');
            assertThat(help).contains(flag, env);
        }
        assertThat(exit.stderr()).isEmpty();

        ServerProcess.Exit version = ServerProcess.run(dir, "--version");
        assertThat(version.code()).isZero();
        assertThat(version.stdout()).singleElement().asString().startsWith("blindgate-server ");
    }

    @Test
    void refusesABadFlagWithOneLineAndExitCodeTwo() throws Exception {
        ServerProcess.Exit exit = ServerProcess.run(dir, "--gateway-prot", "9000");

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).singleElement().asString().contains("--gateway-prot");
        assertThat(exit.stdout()).isEmpty();

        ServerProcess.Exit badPort = ServerProcess.run(dir, "--gateway-port", "65536");
        assertThat(badPort.code()).isEqualTo(2);
        assertThat(badPort.stderr()).containsExactly("blindgate-server: gateway port must be 0-65535, was 65536");
    }

    @Test
    void portInUseIsAStartFailureWithOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ServerProcess.Exit exit = ServerProcess.run(dir, "--gateway-port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.resolve("data").toString());

            assertThat(exit.code()).isEqualTo(1);
            assertThat(exit.stderr()).singleElement().asString()
                    .contains("could not start", String.valueOf(taken.getLocalPort()));
            assertThat(String.join("\n", exit.stdout())).doesNotContain("\tat ");
        }
    }

    @Test
    void unreachableDatabaseIsAStartFailureWithOneLineAndExitCodeOne() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        ServerProcess.Exit exit = ServerProcess.run(dir, "--gateway-port", "0", "--data-dir",
                dir.resolve("data").toString(), "--db-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/none",
                "--db-user", "postgres");

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.stderr()).singleElement().asString().contains("could not start");
        assertThat(String.join("\n", exit.stdout())).doesNotContain("\tat ");
    }

    /**
     * Trusts any certificate and checks no host name: the test's certificate is self-signed. An
     * {@link X509ExtendedTrustManager}, because the JDK wraps a plain one and checks the host name.
     */
    private static SSLContext trustingEveryCertificate() throws Exception {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
