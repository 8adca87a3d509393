package org.blindgate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.GatewayScenarios;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.AckStatus;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ReceiptStatus;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * Routing over real WebSockets on loopback against a real gateway. Runs once per database
 * (subclasses), since H2 and PostgreSQL must behave the same.
 */
abstract class RoutingScenarios extends GatewayScenarios {

    static ClientFrame.Message message(UUID to) {
        return new ClientFrame.Message(UUID.randomUUID(), to, null, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "session-1", MessageType.TEXT);
    }

    private static List<UUID> ids(List<ServerFrame.Message> frames) {
        return frames.stream().map(ServerFrame.Message::messageId).toList();
    }

    private static List<Long> seqs(List<ServerFrame.Message> frames) {
        return frames.stream().map(ServerFrame.Message::seq).toList();
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void twoUsersExchangeAThousandMessagesEachArrivingOnceInOrder() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            List<UUID> aliceSent = new ArrayList<>();
            List<UUID> bobSent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ClientFrame.Message toBob = message(bob.userId());
                ClientFrame.Message toAlice = message(alice.userId());
                aliceSent.add(toBob.messageId());
                bobSent.add(toAlice.messageId());
                a.send(toBob);
                b.send(toAlice);
            }
            List<ServerFrame.Message> atBob = b.await(ServerFrame.Message.class, 500);
            List<ServerFrame.Message> atAlice = a.await(ServerFrame.Message.class, 500);
            assertThat(ids(atBob)).containsExactlyElementsOf(aliceSent);
            assertThat(ids(atAlice)).containsExactlyElementsOf(bobSent);
            assertThat(seqs(atBob)).containsExactlyElementsOf(oneTo(500));
            assertThat(seqs(atAlice)).containsExactlyElementsOf(oneTo(500));
            assertThat(atBob).allSatisfy(m -> {
                assertThat(m.senderId()).isEqualTo(alice.userId());
                assertThat(m.senderDeviceId()).isEqualTo(alice.deviceId());
                assertThat(m.recipientId()).isEqualTo(bob.userId());
            });
            assertThat(a.await(ServerFrame.Ack.class, 500)).extracting(ServerFrame.Ack::status)
                    .containsOnly(AckStatus.STORED);
        }
    }

    @Test
    void twentyConcurrentSendersGiveOneRecipientGaplessSeq() throws Exception {
        Api.Login target = api.newUser("target");
        List<Api.Login> senders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            senders.add(api.newUser("sender"));
        }
        Map<UUID, List<UUID>> sentBy = new HashMap<>();
        try (WsClient t = WsClient.connect(gateway.port(), target.accessToken())) {
            List<WsClient> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                for (Api.Login s : senders) {
                    WsClient c = WsClient.connect(gateway.port(), s.accessToken());
                    clients.add(c);
                    List<UUID> mine = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        mine.add(UUID.randomUUID());
                    }
                    sentBy.put(s.userId(), mine);
                }
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int i = 0; i < senders.size(); i++) {
                    WsClient c = clients.get(i);
                    List<UUID> mine = sentBy.get(senders.get(i).userId());
                    done.add(pool.submit(() -> mine.forEach(id -> c.send(new ClientFrame.Message(id,
                            target.userId(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS), "s",
                            MessageType.TEXT)))));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
                List<ServerFrame.Message> got = t.await(ServerFrame.Message.class, 500);
                assertThat(seqs(got)).containsExactlyElementsOf(oneTo(500));
                assertThat(ids(got)).doesNotHaveDuplicates();
                for (Api.Login s : senders) {
                    List<UUID> fromS = got.stream().filter(m -> m.senderId().equals(s.userId()))
                            .map(ServerFrame.Message::messageId).toList();
                    assertThat(fromS).as("order of one sender's messages").containsExactlyElementsOf(
                            sentBy.get(s.userId()));
                }
            } finally {
                clients.forEach(WsClient::close);
                pool.shutdownNow();
            }
        }
    }

    @Test
    void offlineRecipientGetsEverythingBySyncInPages() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        List<UUID> sent = new ArrayList<>();
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            for (int i = 0; i < 120; i++) {
                ClientFrame.Message m = message(bob.userId());
                sent.add(m.messageId());
                a.send(m);
            }
            a.await(ServerFrame.Ack.class, 120);
        }
        try (WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            long after = 0;
            boolean more = true;
            int page = 0;
            while (more) {
                String id = "page-" + page++;
                b.send(id, new ClientFrame.Sync(after, 50));
                ServerFrame.SyncDone done = (ServerFrame.SyncDone) b.awaitReply(id,
                        f -> f instanceof ServerFrame.SyncDone).frame();
                more = done.hasMore();
                after = done.lastSeq();
            }
            assertThat(page).isEqualTo(3);
            List<ServerFrame.Message> got = b.all(ServerFrame.Message.class);
            assertThat(ids(got)).containsExactlyElementsOf(sent);
            assertThat(seqs(got)).containsExactlyElementsOf(oneTo(120));
            assertThat(after).isEqualTo(120);
        }
        // A new device logs in at the user's current seq: nothing older was encrypted for it.
        assertThat(api.login(bob.username(), null).lastSeq()).isEqualTo(120);
    }

    @Test
    void aPageReadAheadStillShowsMessagesCommittedAfterIt() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            for (int i = 0; i < 100; i++) {
                a.send(message(bob.userId()));
            }
            a.await(ServerFrame.Ack.class, 100);
            try (WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
                b.send("p1", new ClientFrame.Sync(0, 50));
                b.awaitReply("p1", f -> f instanceof ServerFrame.SyncDone);
                // Page 2 (seq 51-100) was read ahead as the END of the queue; five more arrive.
                for (int i = 0; i < 5; i++) {
                    a.send(message(bob.userId()));
                }
                a.await(ServerFrame.Ack.class, 105);
                b.send("p2", new ClientFrame.Sync(50, 50));
                ServerFrame.SyncDone second = (ServerFrame.SyncDone) b.awaitReply("p2",
                        f -> f instanceof ServerFrame.SyncDone).frame();
                assertThat(second.lastSeq()).isEqualTo(100);
                assertThat(second.hasMore()).isTrue();
                // A client may also ask again from anywhere: it gets that page, not the read-ahead.
                b.send("again", new ClientFrame.Sync(10, 5));
                ServerFrame.SyncDone again = (ServerFrame.SyncDone) b.awaitReply("again",
                        f -> f instanceof ServerFrame.SyncDone).frame();
                assertThat(again.lastSeq()).isEqualTo(15);
                assertThat(again.hasMore()).isTrue();
            }
        }
    }

    @Test
    void everyDeviceOfTheRecipientReceivesLiveMessages() {
        Api.Login alice = api.newUser("alice");
        Api.Login bobPhone = api.newUser("bob");
        Api.Login bobLaptop = api.login(bobPhone.username(), null);
        assertThat(bobLaptop.deviceId()).isNotEqualTo(bobPhone.deviceId());
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient phone = WsClient.connect(gateway.port(), bobPhone.accessToken());
                WsClient laptop = WsClient.connectWithSubprotocol(gateway.port(), bobLaptop.accessToken())) {
            assertThat(laptop.subProtocol()).isEqualTo("blindgate.v1");
            ClientFrame.Message m = message(bobPhone.userId());
            a.send(m);
            assertThat(ids(phone.await(ServerFrame.Message.class, 1))).containsExactly(m.messageId());
            assertThat(ids(laptop.await(ServerFrame.Message.class, 1))).containsExactly(m.messageId());
        }
    }

    @Test
    void aResentMessageIdIsAnsweredDuplicateAndNotRoutedTwice() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            ClientFrame.Message m = message(bob.userId());
            a.send("first", m);
            ServerFrame.Ack first = (ServerFrame.Ack) a.awaitReply("first", f -> f instanceof ServerFrame.Ack).frame();
            a.send("again", m);
            ServerFrame.Ack again = (ServerFrame.Ack) a.awaitReply("again", f -> f instanceof ServerFrame.Ack).frame();
            assertThat(first.status()).isEqualTo(AckStatus.STORED);
            assertThat(again.status()).isEqualTo(AckStatus.DUPLICATE);
            assertThat(again.conversationId()).isEqualTo(first.conversationId());
            assertThat(again.serverTimestamp()).isEqualTo(first.serverTimestamp());
            // A later message proves the duplicate was not routed in between.
            ClientFrame.Message next = message(bob.userId());
            a.send(next);
            List<ServerFrame.Message> got = b.await(ServerFrame.Message.class, 2);
            assertThat(ids(got)).containsExactly(m.messageId(), next.messageId());
            assertThat(seqs(got)).containsExactly(1L, 2L);
        }
    }

    @Test
    void aResendAmongNewMessagesLeavesNoSeqGap() {
        // The writer first assumes a batch holds no resend; when one does, the batch is undone
        // and written again, and the new messages in it must still get every seq once.
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            ClientFrame.Message first = message(bob.userId());
            a.send("first", first);
            a.awaitReply("first", f -> f instanceof ServerFrame.Ack);
            List<ClientFrame.Message> burst = List.of(message(bob.userId()), first, message(bob.userId()),
                    message(bob.userId()));
            for (int i = 0; i < burst.size(); i++) {
                a.send("burst" + i, burst.get(i));
            }
            List<AckStatus> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < burst.size(); i++) {
                int n = i;
                statuses.add(((ServerFrame.Ack) a.awaitReply("burst" + n, f -> f instanceof ServerFrame.Ack).frame())
                        .status());
            }
            assertThat(statuses).containsExactly(AckStatus.STORED, AckStatus.DUPLICATE, AckStatus.STORED,
                    AckStatus.STORED);
            List<ServerFrame.Message> got = b.await(ServerFrame.Message.class, 4);
            assertThat(ids(got)).containsExactly(first.messageId(), burst.get(0).messageId(),
                    burst.get(2).messageId(), burst.get(3).messageId());
            assertThat(seqs(got)).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void receiptsReachTheSenderAndOnlyTheRecipientCanMark() throws SQLException {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        Api.Login mallory = api.newUser("mallory");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken());
                WsClient m = WsClient.connect(gateway.port(), mallory.accessToken())) {
            ClientFrame.Message one = message(bob.userId());
            a.send(one);
            b.await(ServerFrame.Message.class, 1);

            m.send(new ClientFrame.Read(List.of(one.messageId())));
            m.send("p", new ClientFrame.Ping());
            m.awaitReply("p", f -> f instanceof ServerFrame.Pong);
            assertThat(status(one.messageId())).isEqualTo("unread,undelivered");

            b.send(new ClientFrame.Delivered(List.of(one.messageId())));
            ServerFrame.Receipt delivered = a.await(ServerFrame.Receipt.class, 1).get(0);
            assertThat(delivered.status()).isEqualTo(ReceiptStatus.DELIVERED);
            assertThat(delivered.messageIds()).containsExactly(one.messageId());
            assertThat(delivered.by()).isEqualTo(bob.userId());
            // Marking it again (another device, a resend) changes nothing and sends no receipt.
            b.send(new ClientFrame.Delivered(List.of(one.messageId())));
            b.send("p2", new ClientFrame.Ping());
            b.awaitReply("p2", f -> f instanceof ServerFrame.Pong);

            b.send(new ClientFrame.Read(List.of(one.messageId())));
            ServerFrame.Receipt read = a.await(ServerFrame.Receipt.class, 2).get(1);
            assertThat(read.status()).isEqualTo(ReceiptStatus.READ);
            assertThat(status(one.messageId())).isEqualTo("read,delivered");
            assertThat(a.all(ServerFrame.Receipt.class)).hasSize(2);
        }
    }

    private String status(UUID messageId) throws SQLException {
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT is_read, delivered_at FROM messages WHERE id = ?")) {
            ps.setObject(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return (rs.getBoolean(1) ? "read" : "unread") + "," + (rs.getObject(2) == null ? "undelivered"
                        : "delivered");
            }
        }
    }
}
