package org.blindgate.vault.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.blindgate.service.testing.PostgresDatabase;
import org.blindgate.vault.testing.TestIssuer;
import org.blindgate.vault.testing.VaultMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100 MiB attachment (the default limit, exactly) up and down through a vault running in its own
 * JVM with a 96 MiB heap, on both stores: if the vault held the attachment whole in memory at any
 * point it would die of OutOfMemoryError. The test side streams too: the body is generated as it
 * is sent and the download is hashed as it arrives.
 */
class LargeAttachmentProcessTest {

    private static final long SIZE = 100L * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void streamsOneHundredMebibytesThroughASmallHeapOnFiles() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            roundTrip(issuer, List.of());
        }
    }

    @Test
    void streamsOneHundredMebibytesThroughASmallHeapOnPostgres() throws Exception {
        try (TestIssuer issuer = new TestIssuer(); PostgresDatabase db = new PostgresDatabase()) {
            roundTrip(issuer, List.of(db.url(), db.user()));
        }
    }

    private void roundTrip(TestIssuer issuer, List<String> database) throws Exception {
        Path log = dir.resolve("vault-" + UUID.randomUUID() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), VaultMain.class.getName(),
                dir.resolve("data").toString(), issuer.jwksUrl().toString()));
        command.addAll(database);
        Process vault = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("the vault to listen").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> port(log) > 0 || !vault.isAlive());
            assertThat(vault.isAlive()).as("vault: %s", Files.readString(log)).isTrue();
            String base = "http://127.0.0.1:" + port(log) + "/v1/attachments/" + UUID.randomUUID();
            TestIssuer.Device device = issuer.newDevice();

            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Authorization", "Bearer " + device.token())
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(SIZE, sent)), SIZE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

            HttpResponse<InputStream> get = HTTP.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Authorization", "Bearer " + device.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long length = 0;
            try (InputStream in = get.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.update(buffer, 0, n);
                    length += n;
                }
            }
            assertThat(length).isEqualTo(SIZE);
            assertThat(received.digest()).isEqualTo(sent.digest());

            // Resuming near the end: a range is served without reading what comes before it.
            HttpResponse<byte[]> tail = HTTP.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Authorization", "Bearer " + device.token()).header("Range", "bytes=-1000").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.body()).hasSize(1000);
            assertThat(vault.isAlive()).as("vault: %s", Files.readString(log)).isTrue();
        } finally {
            vault.destroyForcibly();
            vault.waitFor(10, TimeUnit.SECONDS);
            System.out.println(Files.readString(log));
        }
    }

    private static int port(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("VAULT LISTENING ")) {
                return Integer.parseInt(line.substring("VAULT LISTENING ".length()).trim());
            }
        }
        return -1;
    }

    /** {@code size} pseudo-random bytes made as they are read, hashed on the way out. */
    private static final class Generated extends InputStream {
        private final Random random = new Random(7);
        private final MessageDigest digest;
        private long remaining;

        Generated(long size, MessageDigest digest) {
            this.remaining = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            byte[] piece = new byte[n];
            random.nextBytes(piece);
            System.arraycopy(piece, 0, b, off, n);
            digest.update(piece);
            remaining -= n;
            return n;
        }
    }
}
