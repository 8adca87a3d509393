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

    @Test
    void servesHealthAndMetricsThenStopsCleanlyOnSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start("plain", dir.resolve("data"))) {
            assertThat(server.port()).isPositive();
            assertThat(server.lines()).singleElement().asString()
                    .contains("Blindgate gateway listening on http://127.0.0.1:" + server.port(), "(H2 in ");

            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, server.baseUrl() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(http, server.baseUrl() + "/health/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, server.baseUrl() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("blindgate_connections");

            server.terminate();
            assertThat(server.awaitExit(Duration.ofSeconds(15))).as("exit code after SIGTERM").isEqualTo(0);
            assertThat(server.lines()).anyMatch(line -> line.contains("stopped"));
        }
        assertThat(dir.resolve("data").resolve("signing-keys.json")).isRegularFile();
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
