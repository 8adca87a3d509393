package org.blindgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.ConnectionState;
import org.blindgate.sdk.HistoryEntry;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.Receipt;
import org.blindgate.sdk.SentMessage;
import org.blindgate.sdk.ServerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults between the client and the servers: frames lost or duplicated on the wire (a recording
 * proxy in front of the gateway), a vault outage while sending and while receiving, and access
 * tokens that expire while the WebSocket is open.
 */
class ResilienceTest {

    private Servers servers;
    private WireTap tap;

    @BeforeEach
    void start() throws IOException {
        servers = Servers.start();
        tap = new WireTap(servers.gatewayPort());
    }

    @AfterEach
    void stop() throws IOException {
        tap.close();
        servers.close();
    }

    private Device device(String name) {
        Device d = Device.via(tap.url(), servers, name, Clock.systemUTC());
        d.client.register(name, "password of " + name);
        d.connect();
        return d;
    }

    private static boolean isMessageWithSeq(String frame, long seq) {
        return frame.startsWith("{\"type\":\"message\"") && frame.contains("\"seq\":" + seq + "}");
    }

    @Test
    void aLostOrDuplicatedFrameIsRecoveredBySyncWithoutDoubleDelivery() {
        try (Device alice = device("alice"); Device bob = device("bob")) {
            tap.dropNext(f -> isMessageWithSeq(f, 2));
            tap.duplicateNext(f -> isMessageWithSeq(f, 4));

            for (int i = 1; i <= 6; i++) {
                alice.send("bob", "m" + i);
            }

            await().atMost(Device.WAIT).until(() -> bob.messages.size() >= 6);
            assertThat(bob.texts()).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
            assertThat(bob.messages).extracting(IncomingMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            // the gap (seq 3 after 1) made Bob sync; seq 4 came twice on the wire and counted once
            assertThat(tap.clientFrames()).anyMatch(f -> f.startsWith("{\"type\":\"sync\""));
            assertThat(tap.serverFrames().stream().filter(f -> isMessageWithSeq(f, 4))).hasSizeGreaterThanOrEqualTo(1);
            await().atMost(Device.WAIT).until(() -> alice.receipts.stream().flatMap(r -> r.messageIds().stream())
                    .distinct().count() == 6);
            assertThat(bob.errors).isEmpty();
        }
    }

    @Test
    void aSendTheVaultCannotTakeSendsNoMetadata() {
        try (Device alice = device("alice"); Device bob = device("bob")) {
            UUID bobId = bob.client.account().orElseThrow().userId();
            alice.send("bob", "while the vault is up");

            // Over the vault's blob limit (256 KiB): encrypted, refused at upload, never announced.
            assertThatThrownBy(() -> alice.send("bob", "x".repeat(300 * 1024)))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("the vault refused PUT /v1/blobs/")
                    .hasMessageContaining("413 too_large");
            servers.stopVault();
            assertThatThrownBy(() -> alice.send("bob", "while the vault is down"))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("cannot connect to the vault")
                    .satisfies(e -> assertThat(((ServerException) e).retryable()).isTrue());

            assertThat(tap.clientFrames()).filteredOn(f -> f.startsWith("{\"type\":\"message\"")).hasSize(1);
            List<HistoryEntry> history = alice.client.history(bobId, 10);
            assertThat(history).hasSize(2);
            assertThat(history.get(0).status()).isIn("sent", "delivered");
            assertThat(history.get(1).status()).isEqualTo("failed");
            servers.startVault();
            alice.send("bob", "after the outage");
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 2);
            assertThat(bob.texts()).containsExactly("while the vault is up", "after the outage");
        }
    }

    @Test
    void aMessageWhoseBlobCannotBeFetchedIsNotAcknowledgedUntilItIs() {
        try (Device alice = device("alice"); Device bob = device("bob")) {
            bob.client.disconnect();
            SentMessage sent = alice.send("bob", "fetched later");
            servers.stopVault();

            BlindgateClient.await(bob.client.connect().handle((x, e) -> null), Device.WAIT);
            await().atMost(Device.WAIT).until(() -> bob.errors.stream().anyMatch(e -> e.getMessage()
                    .contains("could not be fetched and will be retried")));
            assertThat(bob.messages).isEmpty();
            assertThat(alice.receipts).isEmpty();
            assertThat(tap.clientFrames()).noneMatch(f -> f.startsWith("{\"type\":\"delivered\""));

            servers.startVault();
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
            assertThat(bob.messages.get(0).messageId()).isEqualTo(sent.messageId());
            await().atMost(Device.WAIT).until(() -> alice.receipts.stream()
                    .anyMatch(r -> r.status() == Receipt.Status.DELIVERED && r.messageIds().contains(sent.messageId())));
        }
    }

    @Test
    void theOpenWebSocketSurvivesAccessTokenExpiryThroughAuthRefresh() throws IOException {
        tap.close();
        servers.close();
        servers = Servers.withTokenLifetime(Duration.ofSeconds(3));
        tap = new WireTap(servers.gatewayPort());
        try (Device alice = device("alice"); Device bob = device("bob")) {
            int onlineBefore = (int) bob.states.stream().filter(s -> s == ConnectionState.ONLINE).count();

            // Three token lifetimes with no reconnect: the gateway would close with 4001 at each expiry.
            await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12))
                    .until(() -> !bob.states.contains(ConnectionState.CONNECTING)
                            || bob.states.lastIndexOf(ConnectionState.CONNECTING) == 0);
            assertThat(tap.clientFrames().stream().filter(f -> f.startsWith("{\"type\":\"auth.refresh\"")))
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(bob.states.stream().filter(s -> s == ConnectionState.ONLINE).count()).isEqualTo(onlineBefore);

            alice.send("bob", "still connected");
            await().atMost(Device.WAIT).until(() -> bob.texts().equals(List.of("still connected")));
            assertThat(tap.serverFrames()).noneMatch(f -> f.contains("token expired"));
        }
    }
}
