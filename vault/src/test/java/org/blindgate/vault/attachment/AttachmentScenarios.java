package org.blindgate.vault.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
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
 * PROTOCOL.md §4 attachments over real HTTP, once per store: write-once upload, download by any
 * authenticated caller, byte ranges (across the database store's chunk boundaries), the size limit
 * while streaming and expiry. The 100 MiB case with a small heap is {@code LargeAttachmentProcessTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttachmentScenarios {

    /** Small enough to test the limit quickly; large enough for the database store's 1 MiB chunks. */
    private static final long LIMIT = 4L * 1024 * 1024;
    private static final int SIZE = 2 * 1024 * 1024 + 1234;

    private TestIssuer issuer;
    private TestVault vault;
    private VaultClient client;

    abstract TestVault.Store store();

    @BeforeAll
    void start() {
        issuer = new TestIssuer();
        vault = TestVault.start(store(), issuer, c -> c.withLimits(c.limits().withSizes(256 * 1024, LIMIT)));
        client = vault.client();
    }

    @AfterAll
    void stop() {
        vault.close();
        issuer.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private long stored() {
        return vault.count("SELECT COUNT(*) FROM vault_attachments");
    }

    private void assertNothingLeftBehind(long rows, long objects) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(vault.spoolFiles()).isEmpty();
            assertThat(stored()).isEqualTo(rows);
            assertThat(vault.objectCount()).isEqualTo(objects);
        });
    }

    @Test
    void isWrittenOnceAndReadByAnyAuthenticatedCaller() throws Exception {
        TestIssuer.Device uploader = issuer.newDevice();
        UUID id = UUID.randomUUID();
        byte[] encrypted = bytes(SIZE, 1);

        VaultClient.Response put = client.put("/v1/attachments/" + id, encrypted, uploader.token());
        assertThat(put.status()).isEqualTo(201);
        long rows = stored();
        long objects = vault.objectCount();

        VaultClient.Response got = client.get("/v1/attachments/" + id, issuer.newDevice().token());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(encrypted);
        assertThat(got.header("ETag"))
                .isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encrypted)) + "\"");
        assertThat(got.header("Accept-Ranges")).isEqualTo("bytes");

        VaultClient.Response again = client.put("/v1/attachments/" + id, encrypted, uploader.token());
        assertThat(again.status()).as("write-once, even with the same bytes").isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("conflict");
        assertThat(client.put("/v1/attachments/" + id, bytes(100, 2), issuer.newDevice().token()).status())
                .isEqualTo(409);
        assertThat(client.get("/v1/attachments/" + id, null).status()).isEqualTo(401);
        assertThat(client.get("/v1/attachments/" + UUID.randomUUID(), uploader.token()).status()).isEqualTo(404);
        assertThat(client.get("/v1/attachments/" + id.toString().toUpperCase(), uploader.token()).status())
                .isEqualTo(400);
        assertNothingLeftBehind(rows, objects);
    }

    @Test
    void servesByteRangesToResumeADownload() {
        TestIssuer.Device reader = issuer.newDevice();
        UUID id = UUID.randomUUID();
        byte[] encrypted = bytes(SIZE, 3);
        assertThat(client.put("/v1/attachments/" + id, encrypted, reader.token()).status()).isEqualTo(201);
        String etag = client.get("/v1/attachments/" + id, reader.token()).header("ETag");
        int chunk = 1024 * 1024;

        record Case(String range, int from, int to) {
        }
        for (Case c : new Case[] {
            new Case("bytes=0-99", 0, 99),
            new Case("bytes=" + (chunk - 10) + "-" + (chunk + 10), chunk - 10, chunk + 10),
            new Case("bytes=" + (chunk + 5) + "-", chunk + 5, SIZE - 1),
            new Case("bytes=-5", SIZE - 5, SIZE - 1),
            new Case("bytes=100-" + (SIZE * 2), 100, SIZE - 1),
        }) {
            VaultClient.Response r = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + id))
                    .header("Range", c.range()).GET(), reader.token());
            assertThat(r.status()).as(c.range()).isEqualTo(206);
            assertThat(r.header("Content-Range")).as(c.range()).isEqualTo("bytes " + c.from() + "-" + c.to() + "/" + SIZE);
            assertThat(r.bytes()).as(c.range()).isEqualTo(Arrays.copyOfRange(encrypted, c.from(), c.to() + 1));
        }

        VaultClient.Response past = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + id))
                .header("Range", "bytes=" + SIZE + "-").GET(), reader.token());
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.errorCode()).isEqualTo("range_not_satisfiable");
        assertThat(past.header("Content-Range")).isEqualTo("bytes */" + SIZE);

        for (String ignored : new String[] {"bytes=0-1,5-6", "bytes=abc", "items=0-5", "bytes=9-3"}) {
            VaultClient.Response whole = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + id))
                    .header("Range", ignored).GET(), reader.token());
            assertThat(whole.status()).as(ignored).isEqualTo(200);
            assertThat(whole.bytes()).hasSize(SIZE);
        }
        VaultClient.Response resumed = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + id))
                .header("Range", "bytes=10-19").header("If-Range", etag).GET(), reader.token());
        assertThat(resumed.status()).isEqualTo(206);
        VaultClient.Response changed = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + id))
                .header("Range", "bytes=10-19").header("If-Range", "\"other\"").GET(), reader.token());
        assertThat(changed.status()).as("If-Range mismatch: the whole object").isEqualTo(200);

        VaultClient.Response head = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + id))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), reader.token());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(SIZE));
        assertThat(head.bytes()).isEmpty();
    }

    @Test
    void refusesOversizedAttachmentsWhileStreamingAndLeavesNothing() throws Exception {
        long rows = stored();
        long objects = vault.objectCount();
        TestIssuer.Device uploader = issuer.newDevice();

        VaultClient.Response declared = client.put("/v1/attachments/" + UUID.randomUUID(),
                bytes((int) LIMIT + 1, 4), uploader.token());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.errorCode()).isEqualTo("too_large");

        try (RawHttp http = new RawHttp(client.port())) {
            http.head("PUT", "/v1/attachments/" + UUID.randomUUID(), "Authorization: Bearer " + uploader.token(),
                    "Content-Type: application/octet-stream", "Transfer-Encoding: chunked");
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                byte[] piece = bytes(64 * 1024, 5);
                try {
                    for (long sent = 0; !stop.get() && sent < 256L * 1024 * 1024; sent += piece.length) {
                        http.chunk(piece);
                    }
                } catch (Exception e) {
                    // cut off by the server: expected
                }
            });
            RawHttp.Response r = http.read();
            stop.set(true);
            assertThat(r.status()).isEqualTo(413);
            assertThat(http.closedByServer(Duration.ofSeconds(10))).isTrue();
            sender.get(20, TimeUnit.SECONDS);
        }
        assertThat(client.put("/v1/attachments/" + UUID.randomUUID(), new byte[0], uploader.token()).status())
                .isEqualTo(400);
        VaultClient.Response json = client.send(HttpRequest.newBuilder(client.uri("/v1/attachments/" + UUID.randomUUID()))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")),
                uploader.token());
        assertThat(json.status()).isEqualTo(400);
        assertNothingLeftBehind(rows, objects);
    }

    @Test
    void aTakenIdIsRefusedBeforeTheBodyIsRead() throws Exception {
        TestIssuer.Device uploader = issuer.newDevice();
        UUID id = UUID.randomUUID();
        assertThat(client.put("/v1/attachments/" + id, bytes(10, 6), uploader.token()).status()).isEqualTo(201);

        try (RawHttp http = new RawHttp(client.port())) {
            // Announces 4 MiB and sends none of it: the answer must not wait for the body.
            http.head("PUT", "/v1/attachments/" + id, "Authorization: Bearer " + uploader.token(),
                    "Content-Type: application/octet-stream", "Content-Length: " + LIMIT);
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(409);
        }
        assertThat(vault.spoolFiles()).isEmpty();
    }

    @Test
    void expiresLikeBlobs() {
        try (TestVault shortLived = TestVault.start(store(), issuer, c -> c.withLimits(c.limits()
                .withLifetimes(Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofMillis(200))))) {
            VaultClient shortClient = shortLived.client();
            TestIssuer.Device uploader = issuer.newDevice();
            UUID id = UUID.randomUUID();
            assertThat(shortClient.put("/v1/attachments/" + id, bytes(5000, 7), uploader.token()).status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(shortClient.get("/v1/attachments/" + id, uploader.token()).status()).isEqualTo(404);
                assertThat(shortLived.count("SELECT COUNT(*) FROM vault_attachments")).isZero();
                assertThat(shortLived.objectCount()).isZero();
            });
        }
    }
}
