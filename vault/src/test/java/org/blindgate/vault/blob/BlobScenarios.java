package org.blindgate.vault.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.blindgate.vault.testing.RawHttp;
import org.blindgate.vault.testing.TestIssuer;
import org.blindgate.vault.testing.TestVault;
import org.blindgate.vault.testing.VaultClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PROTOCOL.md §4 blobs over real HTTP against a real vault, once per store (subclasses): access
 * bound to the addressed device, idempotent upload, the size limit while streaming, expiry, and
 * every kind of bad input, each answered with its error and leaving nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlobScenarios {

    private static final int LIMIT = 256 * 1024;

    private TestIssuer issuer;
    private TestVault vault;
    private VaultClient client;

    abstract TestVault.Store store();

    @BeforeAll
    void start() {
        issuer = new TestIssuer();
        vault = TestVault.start(store(), issuer);
        client = vault.client();
    }

    @AfterAll
    void stop() {
        vault.close();
        issuer.close();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String path(UUID message, TestIssuer.Device to) {
        return "/v1/blobs/" + message + "/" + to.userId() + "/" + to.deviceId();
    }

    /** What is stored now, to compare after a refused upload. */
    private record Snapshot(long rows, long objects) {
    }

    private Snapshot snapshot() {
        return new Snapshot(vault.count("SELECT COUNT(*) FROM vault_blobs"), vault.objectCount());
    }

    /** No spool file, no new row, no new object: what every refused or cut-off upload must leave. */
    private void assertNothingLeftBehind(Snapshot before) {
        await("spool empty and nothing stored").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(vault.spoolFiles()).isEmpty();
            assertThat(snapshot()).isEqualTo(before);
        });
    }

    @Test
    void servesABlobToItsAddressedDeviceOnlyUntilThatDeviceDeletesIt() throws Exception {
        TestIssuer.Device sender = issuer.newDevice();
        TestIssuer.Device recipient = issuer.newDevice();
        TestIssuer.Device recipientsOtherDevice = issuer.device(recipient.userId());
        UUID message = UUID.randomUUID();
        byte[] ciphertext = bytes(5000, 1);

        VaultClient.Response put = client.put(path(message, recipient), ciphertext, sender.token());
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.json().get("size").asLong()).isEqualTo(5000);
        assertThat(put.json().get("sha256").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(ciphertext)));

        VaultClient.Response got = client.get("/v1/blobs/" + message, recipient.token());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(ciphertext);
        assertThat(got.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(got.header("Cache-Control")).isEqualTo("no-store");

        for (TestIssuer.Device other : new TestIssuer.Device[] {sender, recipientsOtherDevice, issuer.newDevice()}) {
            VaultClient.Response refused = client.get("/v1/blobs/" + message, other.token());
            assertThat(refused.status()).as("never 403: existence must not leak").isEqualTo(404);
            assertThat(refused.errorCode()).isEqualTo("not_found");
            assertThat(client.delete("/v1/blobs/" + message, other.token()).status()).isEqualTo(404);
        }
        assertThat(client.get("/v1/blobs/" + message, recipient.token()).bytes()).as("others' deletes did nothing")
                .isEqualTo(ciphertext);

        assertThat(client.delete("/v1/blobs/" + message, recipient.token()).status()).isEqualTo(204);
        assertThat(client.get("/v1/blobs/" + message, recipient.token()).status()).isEqualTo(404);
        assertThat(client.delete("/v1/blobs/" + message, recipient.token()).status()).isEqualTo(404);
    }

    @Test
    void sameBytesAgainAre200AndOtherBytesAre409() {
        Snapshot empty = snapshot();
        TestIssuer.Device sender = issuer.newDevice();
        TestIssuer.Device recipient = issuer.newDevice();
        UUID message = UUID.randomUUID();
        byte[] ciphertext = bytes(1000, 2);

        assertThat(client.put(path(message, recipient), ciphertext, sender.token()).status()).isEqualTo(201);
        Snapshot one = snapshot();
        assertThat(one.rows()).isEqualTo(empty.rows() + 1);
        assertThat(client.put(path(message, recipient), ciphertext, sender.token()).status()).isEqualTo(200);
        assertThat(client.put(path(message, recipient), ciphertext, issuer.newDevice().token()).status())
                .as("whoever sends the same bytes").isEqualTo(200);
        VaultClient.Response conflict = client.put(path(message, recipient), bytes(1000, 3), sender.token());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("conflict");

        assertThat(client.get("/v1/blobs/" + message, recipient.token()).bytes()).isEqualTo(ciphertext);
        assertNothingLeftBehind(one);
    }

    @Test
    void concurrentUploadsToOneAddressStoreOneBlob() {
        TestIssuer.Device sender = issuer.newDevice();
        TestIssuer.Device recipient = issuer.newDevice();
        UUID message = UUID.randomUUID();
        Snapshot before = snapshot();
        byte[] ciphertext = bytes(20_000, 4);

        var answers = java.util.stream.IntStream.range(0, 8).parallel()
                .mapToObj(i -> client.put(path(message, recipient), ciphertext, sender.token()).status()).toList();

        assertThat(answers).containsOnly(201, 200).containsOnlyOnce(201);
        assertNothingLeftBehind(new Snapshot(before.rows() + 1, before.objects() + 1));
    }

    @Test
    void refusesABodyThatIsNotOctetStreamOrIsEmpty() {
        Snapshot before = snapshot();
        TestIssuer.Device sender = issuer.newDevice();
        String to = path(UUID.randomUUID(), issuer.newDevice());

        for (String type : new String[] {"application/json", "text/plain", "multipart/form-data; boundary=x"}) {
            VaultClient.Response r = client.send(HttpRequest.newBuilder(client.uri(to)).header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(100, 5))), sender.token());
            assertThat(r.status()).as(type).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        }
        VaultClient.Response untyped = client.send(HttpRequest.newBuilder(client.uri(to))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(100, 5))), sender.token());
        assertThat(untyped.status()).isEqualTo(400);
        VaultClient.Response empty = client.put(to, new byte[0], sender.token());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("error").path("message").asText()).contains("empty");

        assertNothingLeftBehind(before);
    }

    @Test
    void refusesIdsThatAreNotLowercaseUuidsAndPathTraversal() throws Exception {
        Snapshot before = snapshot();
        TestIssuer.Device sender = issuer.newDevice();
        UUID u = UUID.randomUUID();
        String[] badIds = {
            "/v1/blobs/not-a-uuid/" + u + "/" + u,
            "/v1/blobs/" + u.toString().toUpperCase() + "/" + u + "/" + u,
            "/v1/blobs/" + u + "/..%2F..%2F..%2Fetc%2Fpasswd/" + u,
            "/v1/blobs/" + u + "/" + u + "/..%5C..%5Cwindows",
            "/v1/blobs/" + u + "/" + u + "/" + u + "%00",
            "/v1/blobs/%2F" + u + "/" + u + "/" + u,
        };
        for (String target : badIds) {
            try (RawHttp http = new RawHttp(client.port())) {
                http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                        "Content-Type: application/octet-stream", "Content-Length: 3").write(new byte[] {1, 2, 3});
                RawHttp.Response r = http.read();
                assertThat(r.status()).as(target).isEqualTo(400);
                assertThat(r.body()).as(target).startsWith("{\"error\":{\"code\":\"invalid_request\",\"message\":");
            }
        }
        // Dot segments, even percent-encoded ones, are resolved before routing (RFC 3986): what is
        // left matches no route.
        String[] unrouted = {
            "/v1/blobs/" + u + "/" + u + "/%2e%2e",
            "/v1/blobs/" + u + "/" + u + "/../../../../etc/passwd",
            "/v1/blobs/" + u + "/" + u + "/" + u + "/extra",
            "/v1/blobs/" + u + "/" + u,
        };
        for (String target : unrouted) {
            try (RawHttp http = new RawHttp(client.port())) {
                http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                        "Content-Type: application/octet-stream", "Content-Length: 3").write(new byte[] {1, 2, 3});
                RawHttp.Response r = http.read();
                assertThat(r.status()).as(target).isEqualTo(404);
                assertThat(r.body()).as(target).contains("\"not_found\"");
            }
        }
        assertThat(client.get("/v1/blobs/" + u.toString().toUpperCase(), sender.token()).status()).isEqualTo(400);
        assertThat(client.get("/v1/blobs/..%2F..%2Fetc%2Fpasswd", sender.token()).status()).isEqualTo(400);
        assertThat(client.delete("/v1/blobs/not-a-uuid", sender.token()).status()).isEqualTo(400);
        assertNothingLeftBehind(before);
    }

    @Test
    void refusesMissingMalformedForgedAndExpiredTokensWithoutReadingTheBody() {
        Snapshot before = snapshot();
        TestIssuer.Device recipient = issuer.newDevice();
        UUID message = UUID.randomUUID();
        String[] badTokens = {
            null,
            "not-a-jwt",
            issuer.forgedToken(recipient.userId(), recipient.deviceId()),
            issuer.expiredToken(recipient.userId(), recipient.deviceId()),
        };
        for (String token : badTokens) {
            VaultClient.Response r = client.put(path(message, recipient), bytes(2000, 6), token);
            assertThat(r.status()).as(String.valueOf(token)).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("unauthorized");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(client.get("/v1/blobs/" + message, token).status()).isEqualTo(401);
        }
        VaultClient.Response basic = client.send(HttpRequest.newBuilder(client.uri("/v1/blobs/" + message))
                .header("Authorization", "Basic dXNlcjpwYXNz").GET(), null);
        assertThat(basic.status()).isEqualTo(401);
        assertNothingLeftBehind(before);
    }

    @Test
    void acceptsExactlyTheLimitAndRefusesOneByteMoreDeclaredUpFront() {
        TestIssuer.Device sender = issuer.newDevice();
        TestIssuer.Device recipient = issuer.newDevice();
        assertThat(client.put(path(UUID.randomUUID(), recipient), bytes(LIMIT, 7), sender.token()).status())
                .isEqualTo(201);
        Snapshot before = snapshot();

        VaultClient.Response r = client.put(path(UUID.randomUUID(), recipient), bytes(LIMIT + 1, 8), sender.token());

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("too_large");
        assertNothingLeftBehind(before);
    }

    @Test
    void cutsOffAnEndlessChunkedUploadAtTheLimit() throws Exception {
        Snapshot before = snapshot();
        TestIssuer.Device sender = issuer.newDevice();
        String target = path(UUID.randomUUID(), issuer.newDevice());
        try (RawHttp http = new RawHttp(client.port())) {
            http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                    "Content-Type: application/octet-stream", "Transfer-Encoding: chunked");
            AtomicBoolean stop = new AtomicBoolean();
            // "Endless": keeps sending until the server stops taking it, bounded at 64 MiB for safety.
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                long total = 0;
                byte[] piece = bytes(16 * 1024, 9);
                try {
                    while (!stop.get() && total < 64L * 1024 * 1024) {
                        http.chunk(piece);
                        total += piece.length;
                    }
                } catch (Exception e) {
                    // the server closed the connection: expected
                }
                return total;
            });

            RawHttp.Response r = http.read();
            stop.set(true);

            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("\"too_large\"");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByServer(Duration.ofSeconds(10))).isTrue();
            assertThat(sent.get(20, TimeUnit.SECONDS)).isLessThan(64L * 1024 * 1024);
        }
        assertNothingLeftBehind(before);
    }

    @Test
    void aBodyCutShortOfItsContentLengthLeavesNothing() throws Exception {
        Snapshot before = snapshot();
        TestIssuer.Device sender = issuer.newDevice();
        String target = path(UUID.randomUUID(), issuer.newDevice());

        try (RawHttp http = new RawHttp(client.port())) { // the client vanishes halfway
            http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                    "Content-Type: application/octet-stream", "Content-Length: 100000").write(bytes(40_000, 10));
        }
        try (RawHttp http = new RawHttp(client.port())) { // or half-closes, still listening
            http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                    "Content-Type: application/octet-stream", "Content-Length: 100000").write(bytes(40_000, 10));
            http.shutdownOutput();
            assertThat(http.closedByServer(Duration.ofSeconds(10))).isTrue();
        }
        try (RawHttp http = new RawHttp(client.port())) { // a chunked body without its last chunk
            http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                    "Content-Type: application/octet-stream", "Transfer-Encoding: chunked").chunk(bytes(5000, 11));
            http.write("zz\r\nnot hex\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(http.closedByServer(Duration.ofSeconds(10))).isTrue();
        }
        assertNothingLeftBehind(before);
        assertThat(client.put(target, bytes(100, 12), sender.token()).status()).as("the address is still free")
                .isEqualTo(201);
    }

    @Test
    void dropsAStalledUploadAfterTheIdleTimeout() throws Exception {
        try (TestVault quick = TestVault.start(store(), issuer,
                c -> c.withLimits(c.limits().withIdleTimeout(Duration.ofMillis(500))))) {
            TestIssuer.Device sender = issuer.newDevice();
            String target = path(UUID.randomUUID(), issuer.newDevice());
            try (RawHttp http = new RawHttp(quick.port())) {
                http.head("PUT", target, "Authorization: Bearer " + sender.token(),
                        "Content-Type: application/octet-stream", "Content-Length: 200000").write(bytes(50_000, 13));
                await().atMost(Duration.ofSeconds(5)).until(() -> !quick.spoolFiles().isEmpty());

                long started = System.nanoTime();
                assertThat(http.closedByServer(Duration.ofSeconds(10))).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(quick.spoolFiles()).isEmpty();
                assertThat(quick.count("SELECT COUNT(*) FROM vault_blobs")).isZero();
                assertThat(quick.objectCount()).isZero();
            });
        }
    }

    @Test
    void limitsUploadsPerUserWith429AndRetryAfter() {
        try (TestVault strict = TestVault.start(store(), issuer,
                c -> c.withLimits(c.limits().withRates(3, Duration.ofMinutes(1), 100, Duration.ofSeconds(1))))) {
            VaultClient limited = strict.client();
            TestIssuer.Device sender = issuer.newDevice();
            TestIssuer.Device recipient = issuer.newDevice();
            for (int i = 0; i < 3; i++) {
                assertThat(limited.put(path(UUID.randomUUID(), recipient), bytes(100, i), sender.token()).status())
                        .isEqualTo(201);
            }
            VaultClient.Response refused = limited.put(path(UUID.randomUUID(), recipient), bytes(100, 99),
                    sender.token());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            TestIssuer.Device sendersOtherDevice = issuer.device(sender.userId());
            assertThat(limited.put(path(UUID.randomUUID(), recipient), bytes(100, 98), sendersOtherDevice.token())
                    .status()).as("the limit is per user, not per device").isEqualTo(429);
            assertThat(limited.put(path(UUID.randomUUID(), recipient), bytes(100, 97), issuer.newDevice().token())
                    .status()).as("another user").isEqualTo(201);
            assertThat(strict.count("SELECT COUNT(*) FROM vault_blobs")).isEqualTo(4);
            assertThat(strict.spoolFiles()).isEmpty();
        }
    }

    @Test
    void expiredBlobsAreGoneAndTheSweeperRemovesTheirBytes() {
        try (TestVault shortLived = TestVault.start(store(), issuer, c -> c.withLimits(c.limits()
                .withLifetimes(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200))))) {
            VaultClient shortClient = shortLived.client();
            TestIssuer.Device sender = issuer.newDevice();
            TestIssuer.Device recipient = issuer.newDevice();
            UUID message = UUID.randomUUID();
            assertThat(shortClient.put(path(message, recipient), bytes(3000, 14), sender.token()).status())
                    .isEqualTo(201);
            assertThat(shortLived.objectCount()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(shortClient.get("/v1/blobs/" + message, recipient.token()).status()).isEqualTo(404);
                assertThat(shortLived.count("SELECT COUNT(*) FROM vault_blobs")).isZero();
                assertThat(shortLived.objectCount()).isZero();
            });
            assertThat(shortClient.put(path(message, recipient), bytes(3000, 15), sender.token()).status())
                    .as("an expired address can be used again").isEqualTo(201);
        }
    }
}
