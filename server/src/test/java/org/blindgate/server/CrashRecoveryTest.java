package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.FrameCodec;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md invariant 4 across a crash: senders stream messages, the server is killed with
 * SIGKILL mid-stream, and after a restart on the same storage the recipient's {@code sync}
 * holds every acknowledged message, with seq 1..N gapless and each sender's order kept.
 */
class CrashRecoveryTest {

    private static final int SENDERS = 4;
    private static final int WINDOW = 16;
    private static final int ACKS_BEFORE_KILL = 600;
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    @Test
    void acknowledgedMessagesSurviveKillNineOnH2() throws Exception {
        sendKillRestartAndSync();
    }

    @Test
    void acknowledgedMessagesSurviveKillNineOnPostgres() throws Exception {
        try (FreshPostgres db = new FreshPostgres()) {
            sendKillRestartAndSync("--db-url", db.url(), "--db-user", FreshPostgres.USER);
        }
    }

    private void sendKillRestartAndSync(String... storage) throws Exception {
        Path data = dir.resolve("data");
        List<Sender> senders = new ArrayList<>();
        GatewayClient.Login recipient;

        try (GatewayClient client = new GatewayClient();
                ServerProcess server = ServerProcess.start("before-crash", data, storage)) {
            recipient = client.registerAndLogin(server.port(), "recipient", PASSWORD);
            for (int i = 0; i < SENDERS; i++) {
                GatewayClient.Login login = client.registerAndLogin(server.port(), "sender" + i, PASSWORD);
                senders.add(new Sender(login.userId(), recipient.userId(),
                        client.connect(server.port(), login.accessToken())));
            }
            senders.forEach(Sender::fill);

            await("acks before the crash").atMost(Duration.ofSeconds(30))
                    .until(() -> senders.stream().mapToInt(s -> s.acked.size()).sum() >= ACKS_BEFORE_KILL);
            server.kill();
            senders.forEach(s -> s.stopped = true);
            for (Sender s : senders) {
                assertThat(s.errors).as("error frames to sender %s", s.userId).isEmpty();
            }
        }

        List<ServerFrame.Message> synced;
        long lastSeqAtLogin;
        try (GatewayClient client = new GatewayClient();
                ServerProcess server = ServerProcess.start("after-crash", data, storage)) {
            GatewayClient.Login again = client.login(server.port(), new JsonObject()
                    .put("username", "recipient").put("password", PASSWORD)
                    .put("deviceId", recipient.deviceId().toString()));
            lastSeqAtLogin = again.lastSeq();
            synced = syncEverything(client.connect(server.port(), again.accessToken()));
        }

        Set<UUID> acked = new HashSet<>();
        Map<UUID, Sender> senderOf = new HashMap<>();
        for (Sender s : senders) {
            acked.addAll(s.acked);
            s.sentOrder.forEach(id -> senderOf.put(id, s));
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        List<UUID> syncedIds = synced.stream().map(ServerFrame.Message::messageId).toList();
        System.out.printf("sent %d, acknowledged %d, found %d after the crash%n",
                senderOf.size(), acked.size(), synced.size());

        assertThat(syncedIds).as("every acknowledged messageId after the crash").containsAll(acked);
        assertThat(syncedIds).as("no message twice").doesNotHaveDuplicates();
        assertThat(synced).extracting(ServerFrame.Message::seq).as("seq 1..N without gap or duplicate")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, synced.size()).boxed().toList());
        assertThat(lastSeqAtLogin).as("login's lastSeq").isEqualTo(synced.size());
        for (ServerFrame.Message m : synced) {
            Sender s = senderOf.get(m.messageId());
            assertThat(s).as("a stored message %s that no sender sent", m.messageId()).isNotNull();
            assertThat(m.senderId()).isEqualTo(s.userId);
            assertThat(m.recipientId()).isEqualTo(recipient.userId());
        }
        for (Sender s : senders) {
            List<Integer> sendPositions = synced.stream()
                    .filter(m -> m.senderId().equals(s.userId))
                    .map(m -> s.sentOrder.indexOf(m.messageId()))
                    .toList();
            assertThat(sendPositions).as("sender %s's messages in the order sent", s.userId).isSorted();
        }
    }

    /** Replays the recipient's messages from seq 0, a page of 1000 at a time, until no more. */
    private static List<ServerFrame.Message> syncEverything(WebSocket ws) throws Exception {
        List<ServerFrame.Message> received = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ws.textMessageHandler(text -> {
            ServerFrame frame = FrameCodec.decodeServer(text);
            if (frame instanceof ServerFrame.Message m) {
                received.add(m);
            } else if (frame instanceof ServerFrame.SyncDone page) {
                if (page.hasMore()) {
                    ws.writeTextMessage(FrameCodec.encodeClient(null, new ClientFrame.Sync(page.lastSeq(), 1000)));
                } else {
                    done.complete(null);
                }
            } else {
                done.completeExceptionally(new AssertionError("unexpected frame during sync: " + text));
            }
        });
        ws.writeTextMessage(FrameCodec.encodeClient(null, new ClientFrame.Sync(0, 1000)));
        done.get(30, TimeUnit.SECONDS);
        return received;
    }

    /**
     * Streams {@code message} frames to one recipient, keeping {@link #WINDOW} unacknowledged:
     * each ack sends the next. Synchronized because the first window is sent from the test
     * thread and the rest from the socket's event loop.
     */
    private static final class Sender {
        final UUID userId;
        final UUID recipientId;
        final WebSocket ws;
        final List<UUID> sentOrder = new ArrayList<>();
        final Set<UUID> acked = ConcurrentHashMap.newKeySet();
        final List<String> errors = new ArrayList<>();
        volatile boolean stopped;
        private int inFlight;

        Sender(UUID userId, UUID recipientId, WebSocket ws) {
            this.userId = userId;
            this.recipientId = recipientId;
            this.ws = ws;
            ws.textMessageHandler(this::onFrame);
            // The crash closes the socket abruptly; that is the point of the test.
            ws.exceptionHandler(e -> { });
        }

        private synchronized void onFrame(String text) {
            ServerFrame frame = FrameCodec.decodeServer(text);
            if (frame instanceof ServerFrame.Ack ack) {
                acked.add(ack.messageId());
                inFlight--;
                fill();
            } else if (frame instanceof ServerFrame.Error) {
                errors.add(text);
            }
        }

        synchronized void fill() {
            while (!stopped && inFlight < WINDOW) {
                UUID id = UUID.randomUUID();
                sentOrder.add(id);
                inFlight++;
                ws.writeTextMessage(FrameCodec.encodeClient(null, new ClientFrame.Message(id, recipientId, null,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), "s1", MessageType.TEXT)));
            }
        }
    }
}
