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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alice and Bob through a real gateway and vault on loopback, with real libsignal sessions. */
class MessagingTest {

    private static Servers servers;

    @BeforeAll
    static void start() {
        servers = Servers.start();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static String unique(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }

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
}
