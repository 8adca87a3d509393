package org.blindgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN invariant 6, through the real SDK: a message whose plaintext holds a unique random marker
 * goes from Alice to Bob, and afterwards neither the marker nor its ciphertext (raw, base64 or hex,
 * whole or any 16-byte piece of it) appears in the gateway's database files, in anything logged,
 * or in any byte the gateway sent or received (captured at the wire by {@link WireTap}: REST
 * bytes raw, WebSocket frames unmasked). Bob has the plaintext. Positive controls show that each
 * place searched does hold the message's id, so an empty search is not a blind one.
 */
class CanaryTest {

    @Test
    void theMarkerAndItsCiphertextAppearNowhereAtTheGatewayWhileBobReadsIt() throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String marker = "CANARY" + HexFormat.of().formatHex(random);

        try (LogCapture logs = new LogCapture(); Servers servers = Servers.start(); WireTap tap = new WireTap(servers.gatewayPort())) {
            byte[] ciphertext;
            Device alice = Device.via(tap.url(), servers, "alice", Clock.systemUTC());
            Device bob = Device.via(tap.url(), servers, "bob", Clock.systemUTC());
            try (alice; bob) {
                alice.client.register("alice", "password of alice");
                bob.client.register("bob", "password of bob");
                alice.connect();
                Set<Path> before = Set.copyOf(files(servers.vaultDir().resolve("objects")));

                alice.send("bob", "the secret is " + marker + ", tell no one");

                // Bob is offline, so his ciphertext is still in the vault: exactly the bytes to hunt for.
                List<Path> blobs = files(servers.vaultDir().resolve("objects")).stream()
                        .filter(p -> !before.contains(p)).toList();
                assertThat(blobs).hasSize(1);
                ciphertext = Files.readAllBytes(blobs.get(0));
                assertThat(ciphertext[0]).isEqualTo((byte) 1); // §6 envelope version
                assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(marker);

                bob.connect();
                await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
                assertThat(bob.messages.get(0).text()).isEqualTo("the secret is " + marker + ", tell no one");
                await().atMost(Device.WAIT).until(() -> !alice.receipts.isEmpty());
            }
            servers.gateway().close(); // everything flushed to the database files

            Map<String, byte[]> places = new LinkedHashMap<>();
            for (Path f : files(servers.gatewayDir())) {
                places.put("gateway file " + servers.gatewayDir().relativize(f), Files.readAllBytes(f));
            }
            places.put("logs", logs.text().getBytes(StandardCharsets.UTF_8));
            places.put("wire", tap.everything());

            Map<String, byte[]> needles = needles(marker, ciphertext);
            for (Map.Entry<String, byte[]> place : places.entrySet()) {
                String haystack = new String(place.getValue(), StandardCharsets.ISO_8859_1);
                needles.forEach((what, needle) -> assertThat(haystack.contains(new String(needle, StandardCharsets.ISO_8859_1)))
                        .as(what + " in " + place.getKey()).isFalse());
            }

            // Positive controls: the searches can find things. The message id is routing metadata.
            UUID id = aliceMessageId(tap);
            assertThat(tap.clientFrames()).anyMatch(f -> f.contains(id.toString()) && f.startsWith("{\"type\":\"message\""));
            assertThat(tap.serverFrames()).anyMatch(f -> f.contains(id.toString()) && f.contains("\"seq\":1"));
            assertThat(places.entrySet().stream().filter(e -> e.getKey().startsWith("gateway file"))
                    .anyMatch(e -> contains(e.getValue(), id.toString().getBytes(StandardCharsets.US_ASCII))
                            || contains(e.getValue(), uuidBytes(id)))).as("message id in the gateway's files").isTrue();
            // The gateway logs nothing per message; a line through its logger at DEBUG shows the capture hears it.
            org.slf4j.LoggerFactory.getLogger("org.blindgate.gateway.session.ClientSession").debug("control {}", id);
            assertThat(logs.text()).contains("control " + id);
            // The vault holds ciphertext only: the plaintext marker is in none of its files either.
            for (Path f : files(servers.vaultDir())) {
                assertThat(contains(Files.readAllBytes(f), marker.getBytes(StandardCharsets.UTF_8))).as(f.toString()).isFalse();
            }
        }
    }

    /** The marker and the ciphertext in every form it could travel in, whole and in 16-byte pieces. */
    private static Map<String, byte[]> needles(String marker, byte[] ciphertext) {
        Map<String, byte[]> n = new LinkedHashMap<>();
        n.put("marker (UTF-8)", marker.getBytes(StandardCharsets.UTF_8));
        n.put("marker (UTF-16)", marker.getBytes(StandardCharsets.UTF_16BE));
        n.put("marker (base64)", Base64.getEncoder().encode(marker.getBytes(StandardCharsets.UTF_8)));
        n.put("ciphertext", ciphertext);
        n.put("ciphertext (base64)", Base64.getEncoder().encode(ciphertext));
        n.put("ciphertext (base64url)", Base64.getUrlEncoder().withoutPadding().encode(ciphertext));
        n.put("ciphertext (hex)", HexFormat.of().formatHex(ciphertext).getBytes(StandardCharsets.US_ASCII));
        byte[] body = Arrays.copyOfRange(ciphertext, 2, ciphertext.length); // the libsignal message itself
        n.put("libsignal message (base64)", Base64.getEncoder().encode(body));
        for (int i = 0; i + 16 <= body.length; i += 16) {
            n.put("ciphertext bytes " + i + "-" + (i + 15), Arrays.copyOfRange(body, i, i + 16));
        }
        return n;
    }

    private static UUID aliceMessageId(WireTap tap) {
        return tap.clientFrames().stream().filter(f -> f.startsWith("{\"type\":\"message\""))
                .map(f -> UUID.fromString(f.replaceAll(".*\"messageId\":\"([0-9a-f-]{36})\".*", "$1")))
                .findFirst().orElseThrow();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }

    private static byte[] uuidBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
