package org.blindgate.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.GatewayScenarios;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ReceiptStatus;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * Conversations and message-metadata history (PROTOCOL.md §3) over real HTTP and WebSockets
 * against a real gateway. Runs once per database (subclasses), since H2 and PostgreSQL must
 * behave the same.
 */
abstract class ConversationScenarios extends GatewayScenarios {

    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TIMESTAMP_FORM = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private static ClientFrame.Message message(UUID to) {
        return new ClientFrame.Message(UUID.randomUUID(), to, null, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "session-1", MessageType.TEXT);
    }

    private Api.Response direct(Api.Login caller, Object... memberIds) {
        return api.post("/v1/conversations", Map.of("type", "direct", "memberIds", List.of(memberIds)),
                caller.accessToken());
    }

    private static String conversationId(Api.Response created) {
        assertThat(created.status()).as("create answered %s", created.body()).isIn(200, 201);
        return created.body().get("conversationId").asText();
    }

    /** The caller's entry for {@code conversationId} in {@code GET /v1/conversations}. */
    private JsonNode listed(Api.Login caller, String conversationId) {
        Api.Response r = api.get("/v1/conversations", caller.accessToken());
        assertThat(r.status()).isEqualTo(200);
        return StreamSupport.stream(r.body().get("conversations").spliterator(), false)
                .filter(c -> c.get("conversationId").asText().equals(conversationId))
                .findFirst().orElseThrow(() -> new AssertionError(conversationId + " not listed in " + r.body()));
    }

    private static List<String> messageIds(Api.Response history) {
        assertThat(history.status()).as("history answered %s", history.body()).isEqualTo(200);
        return StreamSupport.stream(history.body().get("messages").spliterator(), false)
                .map(m -> m.get("messageId").asText()).toList();
    }

    private static List<String> texts(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    /** Sends one message and waits for its ack. */
    private static ServerFrame.Ack sendAndAwaitAck(WsClient ws, ClientFrame.Message m) {
        String requestId = "m-" + m.messageId();
        ws.send(requestId, m);
        return (ServerFrame.Ack) ws.awaitReply(requestId, f -> f instanceof ServerFrame.Ack).frame();
    }

    @Test
    void createsADirectConversationOncePerPair() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");

        Api.Response created = direct(alice, bob.userId().toString());

        String id = conversationId(created);
        JsonNode c = created.body();
        assertThat(id).matches(UUID_FORM);
        assertThat(c.get("type").asText()).isEqualTo("direct");
        assertThat(c.get("createdAt").asText()).matches(TIMESTAMP_FORM);
        assertThat(StreamSupport.stream(c.get("members").spliterator(), false)
                .map(m -> m.get("userId").asText()).toList())
                .containsExactlyInAnyOrder(alice.userId().toString(), bob.userId().toString());
        assertThat(c.get("members")).allSatisfy(m -> assertThat(m.get("role").asText()).isNotBlank());

        assertThat(conversationId(direct(alice, bob.userId().toString()))).isEqualTo(id);
        assertThat(conversationId(direct(bob, alice.userId().toString()))).isEqualTo(id);

        // The first WebSocket message of the pair lands in that same conversation.
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            assertThat(sendAndAwaitAck(a, message(bob.userId())).conversationId()).hasToString(id);
            assertThat(b.await(ServerFrame.Message.class, 1).get(0).conversationId()).hasToString(id);
            assertThat(sendAndAwaitAck(b, message(alice.userId())).conversationId()).hasToString(id);
        }
    }

    @Test
    void returnsTheConversationThatAFirstMessageCreated() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        ServerFrame.Ack ack;
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            ack = sendAndAwaitAck(a, message(bob.userId()));
        }

        assertThat(conversationId(direct(bob, alice.userId().toString())))
                .isEqualTo(ack.conversationId().toString());
        assertThat(conversationId(direct(alice, bob.userId().toString())))
                .isEqualTo(ack.conversationId().toString());
    }

    @Test
    void refusesADirectConversationWithAnUnknownUser() {
        Api.Login alice = api.newUser("alice");

        Api.Response r = direct(alice, UUID.randomUUID().toString());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
        assertThat(api.get("/v1/conversations", alice.accessToken()).body().get("conversations")).isEmpty();
    }

    @Test
    void refusesMalformedConversationRequests() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        Api.Login carol = api.newUser("carol");

        List<Api.Response> refused = List.of(
                direct(alice, alice.userId().toString()),
                direct(alice),
                direct(alice, bob.userId().toString(), carol.userId().toString()),
                direct(alice, "not-a-uuid"),
                api.post("/v1/conversations", Map.of("type", "group", "memberIds",
                        List.of(bob.userId().toString())), alice.accessToken()),
                api.post("/v1/conversations", Map.of("type", "direct"), alice.accessToken()),
                api.post("/v1/conversations", Map.of("type", "direct", "memberIds",
                        List.of(bob.userId().toString()), "title", "x"), alice.accessToken()));

        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).as("answer %s", r.body()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        });
        assertThat(api.get("/v1/conversations", alice.accessToken()).body().get("conversations")).isEmpty();
        assertThat(direct(alice, bob.userId().toString()).status()).isIn(200, 201);
        assertThat(api.post("/v1/conversations", Map.of("type", "direct", "memberIds",
                List.of(bob.userId().toString())), null).status()).isEqualTo(401);
    }

    @Test
    void listsConversationsWithLastMessageAtAndUnreadCount() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        Api.Login carol = api.newUser("carol");
        String quiet = conversationId(direct(carol, alice.userId().toString()));
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken());
                WsClient b = WsClient.connect(gateway.port(), bob.accessToken())) {
            List<ServerFrame.Ack> acks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                acks.add(sendAndAwaitAck(a, message(bob.userId())));
            }
            String id = acks.get(0).conversationId().toString();
            String last = acks.get(2).serverTimestamp().toString();

            JsonNode atBob = listed(bob, id);
            JsonNode atAlice = listed(alice, id);

            assertThat(atBob.get("unreadCount").asLong()).isEqualTo(3);
            assertThat(atAlice.get("unreadCount").asLong()).isZero();
            assertThat(Instant.parse(atBob.get("lastMessageAt").asText())).hasToString(last);
            assertThat(Instant.parse(atAlice.get("lastMessageAt").asText())).hasToString(last);
            assertThat(atBob.get("lastMessageAt").asText()).matches(TIMESTAMP_FORM);
            assertThat(atBob.get("type").asText()).isEqualTo("direct");
            assertThat(atBob.get("members")).hasSize(2);

            JsonNode quietAtAlice = listed(alice, quiet);
            assertThat(quietAtAlice.get("unreadCount").asLong()).isZero();
            assertThat(quietAtAlice.has("lastMessageAt")).isFalse();

            b.send(new ClientFrame.Read(List.of(acks.get(0).messageId(), acks.get(1).messageId())));
            ServerFrame.Receipt read = a.await(ServerFrame.Receipt.class, 1).get(0);
            assertThat(read.status()).isEqualTo(ReceiptStatus.READ);

            assertThat(listed(bob, id).get("unreadCount").asLong()).isEqualTo(1);
            assertThat(listed(alice, id).get("unreadCount").asLong()).isZero();
        }
    }

    @Test
    void hidesAConversationFromNonMembersAsIfItDidNotExist() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        Api.Login mallory = api.newUser("mallory");
        String id = conversationId(direct(alice, bob.userId().toString()));

        Api.Response member = api.get("/v1/conversations/" + id, bob.accessToken());
        Api.Response stranger = api.get("/v1/conversations/" + id, mallory.accessToken());
        Api.Response random = api.get("/v1/conversations/" + UUID.randomUUID(), mallory.accessToken());
        Api.Response strangersHistory = api.get("/v1/conversations/" + id + "/messages", mallory.accessToken());

        assertThat(member.status()).isEqualTo(200);
        assertThat(member.body().get("conversationId").asText()).isEqualTo(id);
        assertThat(member.body().get("members")).hasSize(2);
        assertThat(List.of(stranger, random, strangersHistory)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
        });
        assertThat(api.get("/v1/conversations", mallory.accessToken()).body().get("conversations")).isEmpty();
        assertThat(api.get("/v1/conversations/not-a-uuid", bob.accessToken()).status()).isEqualTo(400);
    }

    @Test
    void pagesHistoryNewestFirstWithoutOverlap() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        List<UUID> sent = new ArrayList<>();
        String id;
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            for (int i = 0; i < 5; i++) {
                ClientFrame.Message m = message(bob.userId());
                ServerFrame.Ack ack = sendAndAwaitAck(a, m);
                sent.add(m.messageId());
                // Distinct server timestamps make the page boundaries exact.
                Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(ack.serverTimestamp()));
            }
            id = a.all(ServerFrame.Ack.class).get(0).conversationId().toString();
        }
        List<String> newestFirst = new ArrayList<>(texts(sent));
        Collections.reverse(newestFirst);
        String path = "/v1/conversations/" + id + "/messages";

        for (Api.Login reader : List.of(bob, alice)) {
            Api.Response first = api.get(path + "?limit=2", reader.accessToken());
            assertThat(messageIds(first)).containsExactlyElementsOf(newestFirst.subList(0, 2));
            List<String> seen = new ArrayList<>(messageIds(first));
            JsonNode page = first.body().get("messages");
            for (int round = 0; round < 3; round++) {
                String before = page.get(page.size() - 1).get("serverTimestamp").asText();
                Api.Response next = api.get(path + "?limit=2&before=" + before, reader.accessToken());
                seen.addAll(messageIds(next));
                page = next.body().get("messages");
                if (page.isEmpty()) {
                    break;
                }
            }
            assertThat(seen).as("pages read by %s", reader.username()).containsExactlyElementsOf(newestFirst);
        }

        JsonNode newest = api.get(path + "?limit=1", bob.accessToken()).body().get("messages").get(0);
        assertThat(newest.get("messageId").asText()).isEqualTo(sent.get(4).toString());
        assertThat(newest.get("conversationId").asText()).isEqualTo(id);
        assertThat(newest.get("senderId").asText()).isEqualTo(alice.userId().toString());
        assertThat(newest.get("senderDeviceId").asText()).isEqualTo(alice.deviceId().toString());
        assertThat(newest.get("recipientId").asText()).isEqualTo(bob.userId().toString());
        assertThat(newest.get("messageType").asText()).isEqualTo("text");
        assertThat(newest.get("seq").asLong()).isEqualTo(5);
        assertThat(newest.get("serverTimestamp").asText()).matches(TIMESTAMP_FORM);
    }

    @Test
    void refusesBadHistoryParameters() {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        String path = "/v1/conversations/" + conversationId(direct(alice, bob.userId().toString())) + "/messages";

        for (String query : List.of("limit=0", "limit=201", "limit=x", "limit=", "before=x",
                "before=2026-13-01T00:00:00.000Z", "before=yesterday&limit=10")) {
            Api.Response r = api.get(path + "?" + query, alice.accessToken());

            assertThat(r.status()).as("status for %s", query).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        }
        assertThat(api.get(path + "?limit=1", alice.accessToken()).status()).isEqualTo(200);
        assertThat(api.get(path + "?limit=200", alice.accessToken()).status()).isEqualTo(200);
        assertThat(api.get(path + "?before=2026-01-01T00:00:00.000Z", alice.accessToken()).status())
                .isEqualTo(200);
    }
}
