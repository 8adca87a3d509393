package org.blindgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.Receipt;
import org.blindgate.sdk.SentMessage;
import org.junit.jupiter.api.Test;

/** Alice and Bob through a real gateway and vault on loopback, with real libsignal sessions. */
class MessagingTest extends OnSharedServers {

    /** The stored ciphertext blobs in the vault's object files, as (envelope version, message type) pairs. */
    private static List<Integer> blobTypes() {
        try (Stream<Path> files = Files.walk(servers.vaultDir().resolve("objects"))) {
            return files.filter(Files::isRegularFile).map(p -> {
                try {
                    byte[] b = Files.readAllBytes(p);
                    return b.length > 2 && b[0] == 1 ? (int) b[1] : -1;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(t -> t > 0).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void aliceAndBobExchangeMessagesBothWaysStartingWithAPreKeyMessage() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device alice = Device.registered(servers, a); Device bob = Device.create(servers, b)) {
            bob.client.register(b, "password of " + b);
            int before = blobTypes().size();

            SentMessage first = alice.send(b, "hello bob");
            // Bob is offline: his one blob waits in the vault as a PreKeySignalMessage (first contact).
            assertThat(first.duplicate()).isFalse();
            assertThat(blobTypes()).hasSize(before + 1).contains(3);

            bob.connect();
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
            IncomingMessage m = bob.messages.get(0);
            assertThat(m.text()).isEqualTo("hello bob");
            assertThat(m.from().username()).isEqualTo(a);
            assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.TEXT);
            assertThat(m.messageId()).isEqualTo(first.messageId());
            // delivered: Alice gets the tick, and the blob is deleted from the vault
            await().atMost(Device.WAIT).until(() -> alice.receipts.stream()
                    .anyMatch(r -> r.status() == Receipt.Status.DELIVERED && r.messageIds().contains(first.messageId())));
            await().atMost(Device.WAIT).until(() -> blobTypes().size() == before);

            alice.client.disconnect();
            bob.send(a, "hi alice");
            assertThat(blobTypes()).hasSize(before + 1).containsOnly(2); // the session exists: a SignalMessage
            alice.connect();
            await().atMost(Device.WAIT).until(() -> alice.texts().equals(List.of("hi alice")));

            for (int i = 0; i < 5; i++) {
                alice.send(b, "a" + i);
                bob.send(a, "b" + i);
            }
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 6 && alice.messages.size() == 6);
            assertThat(bob.texts()).containsExactly("hello bob", "a0", "a1", "a2", "a3", "a4");
            assertThat(alice.texts()).containsExactly("hi alice", "b0", "b1", "b2", "b3", "b4");

            BlindgateClient.await(bob.client.markRead(List.of(bob.messages.get(1).messageId())), Device.WAIT);
            await().atMost(Device.WAIT).until(() -> alice.receipts.stream()
                    .anyMatch(r -> r.status() == Receipt.Status.READ
                            && r.messageIds().contains(bob.messages.get(1).messageId())));
            assertThat(bob.errors).isEmpty();
            assertThat(alice.errors).isEmpty();
        }
    }

    @Test
    void bobWithTwoDevicesReceivesOnBothAndRepliesFromEither() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device alice = Device.registered(servers, a); Device phone = Device.registered(servers, b);
                Device laptop = Device.create(servers, b + "-laptop")) {
            laptop.client.login(b, "password of " + b);
            laptop.connect();
            assertThat(laptop.client.account().orElseThrow().deviceId())
                    .isNotEqualTo(phone.client.account().orElseThrow().deviceId());

            alice.send(b, "to both");
            alice.send(b, "again to both");
            await().atMost(Device.WAIT).until(() -> phone.messages.size() == 2 && laptop.messages.size() == 2);
            assertThat(phone.texts()).containsExactly("to both", "again to both");
            assertThat(laptop.texts()).containsExactly("to both", "again to both");
            assertThat(phone.messages.get(0).messageId()).isEqualTo(laptop.messages.get(0).messageId());

            laptop.send(a, "from the laptop");
            phone.send(a, "from the phone");
            await().atMost(Device.WAIT).until(() -> alice.messages.size() == 2);
            assertThat(alice.texts()).containsExactly("from the laptop", "from the phone");
            assertThat(alice.messages.get(0).senderDeviceId()).isEqualTo(laptop.client.account().orElseThrow().deviceId());
            assertThat(alice.identityChanges).isEmpty(); // both of Bob's devices were known at first contact
        }
    }

    @Test
    void anOfflineRecipientGetsEverythingInOrderFromItsInbox() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device alice = Device.registered(servers, a); Device bob = Device.create(servers, b)) {
            bob.client.register(b, "password of " + b);
            List<SentMessage> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(alice.send(b, "offline " + i));
            }

            List<IncomingMessage> inbox = bob.client.inbox(Device.WAIT);

            assertThat(inbox).extracting(IncomingMessage::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "offline " + i).toList());
            assertThat(inbox).extracting(IncomingMessage::messageId)
                    .containsExactlyElementsOf(sent.stream().map(SentMessage::messageId).toList());
            assertThat(bob.client.connectionState()).isEqualTo(org.blindgate.sdk.ConnectionState.OFFLINE);
            // everything was acknowledged: Alice holds a delivered receipt for each
            await().atMost(Device.WAIT).until(() -> alice.receipts.stream().flatMap(r -> r.messageIds().stream())
                    .distinct().count() == 30);
            assertThat(bob.client.inbox(Device.WAIT)).isEmpty();
            assertThat(bob.client.history(alice.client.account().orElseThrow().userId(), 100)).hasSize(30);
        }
    }

    @Test
    void aTwentyMebibyteAttachmentRoundTrips() throws IOException {
        String a = unique("alice");
        String b = unique("bob");
        Path dir = Files.createTempDirectory("blindgate-attachment");
        try (Device alice = Device.registered(servers, a); Device bob = Device.registered(servers, b)) {
            Path photo = dir.resolve("photo.jpg");
            byte[] bytes = new byte[20 * 1024 * 1024];
            new java.util.Random(42).nextBytes(bytes);
            Files.write(photo, bytes);

            SentMessage sent = BlindgateClient.await(alice.client.sendAttachment(
                    bob.client.account().orElseThrow().userId(), photo, "image/jpeg", "the view"), Device.WAIT);

            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
            IncomingMessage m = bob.messages.get(0);
            assertThat(m.messageId()).isEqualTo(sent.messageId());
            assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.ATTACHMENT);
            assertThat(m.text()).isEqualTo("the view");
            assertThat(m.attachment().name()).isEqualTo("photo.jpg");
            assertThat(m.attachment().mime()).isEqualTo("image/jpeg");
            assertThat(m.attachment().size()).isEqualTo(bytes.length + 12 + 16); // nonce + tag (§6)
            Path saved = dir.resolve("saved.jpg");
            bob.client.saveAttachment(m.attachment(), saved);
            assertThat(Files.mismatch(photo, saved)).isEqualTo(-1L);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
