package org.blindgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.session.SessionLimits;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.TestGateway;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * The writer's global backlog bound: while the database stalls, connections stop being read
 * once a few batches are queued (instead of every connection filling its own window in front of
 * one writer), and nothing is lost when it recovers. The stall is real: another PostgreSQL
 * session holds the row lock of the recipient's seq counter.
 */
class WriterBacklogTest {

    private static final int BATCH = 2;
    private static final int MESSAGES = 300;

    @Test
    void aStalledDatabaseStopsReadingAtTheBacklogMarkAndLosesNothing() throws Exception {
        try (TestGateway gateway = TestGateway.start(TestGateway.Db.POSTGRES, c -> c
                .withStorage(new GatewayConfig.Storage(c.storage().dataDir(), c.storage().dbUrl(), c.storage().dbUser(),
                        c.storage().dbPassword(), c.storage().poolSize(), BATCH))
                .withSession(new SessionLimits(10_000, 100_000, 100_000, 20)))) {
            Api api = gateway.api();
            Api.Login alice = api.newUser("alice");
            Api.Login bob = api.newUser("bob");
            List<UUID> sent = new ArrayList<>();
            try (Connection lock = DriverManager.getConnection(gateway.config().storage().dbUrl(),
                    gateway.config().storage().dbUser(), null);
                    WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                    WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
                lock.setAutoCommit(false);
                try (PreparedStatement ps = lock.prepareStatement("SELECT last_seq FROM users WHERE id = ? FOR UPDATE")) {
                    ps.setObject(1, bob.userId());
                    ps.executeQuery().close();
                }
                for (int i = 0; i < MESSAGES; i++) {
                    ClientFrame.Message m = new ClientFrame.Message(UUID.randomUUID(), bob.userId(), null,
                            Instant.now().truncatedTo(ChronoUnit.MILLIS), "session-1", MessageType.TEXT);
                    sent.add(m.messageId());
                    a.send(m);
                }
                int mark = 8 * BATCH;
                // Near the mark: the writer holds up to one batch of its own (blocked), the rest
                // waits in the queue.
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(queued(gateway)).as("queued (acks so far: %d)", a.all(ServerFrame.Ack.class).size())
                                .isGreaterThanOrEqualTo(mark - 2 * BATCH));
                // Stalled: the queue stays at the mark (plus the frame that found it full), it does
                // not grow to the 300 messages the client has sent.
                Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                        .until(() -> queued(gateway) <= mark + 1);
                assertThat(a.all(ServerFrame.Ack.class)).isEmpty();
                lock.rollback();

                List<ServerFrame.Ack> acks = a.await(ServerFrame.Ack.class, MESSAGES);
                assertThat(acks).extracting(ServerFrame.Ack::messageId).containsExactlyElementsOf(sent);
                List<ServerFrame.Message> got = b.await(ServerFrame.Message.class, MESSAGES);
                assertThat(got).extracting(ServerFrame.Message::messageId).containsExactlyElementsOf(sent);
            }
        }
    }

    private static double queued(TestGateway gateway) {
        return gateway.gateway().metrics().get("blindgate.store.queue").gauge().value();
    }
}
