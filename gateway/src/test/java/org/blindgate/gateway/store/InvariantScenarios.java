package org.blindgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.blindgate.gateway.testing.Api;
import org.blindgate.gateway.testing.LogCapture;
import org.blindgate.gateway.testing.GatewayScenarios;
import org.blindgate.gateway.testing.WsClient;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md invariants 1 and 2 on a live database: the schema holds only allow-listed metadata
 * columns, and no refused frame leaves a row (or a trace in the logs). Once per database.
 */
abstract class InvariantScenarios extends GatewayScenarios {

    /**
     * Every column the gateway may have. A new column must be added here on purpose, after
     * checking that it cannot hold content or keys.
     */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "users", Set.of("id", "username", "password_hash", "last_seq", "created_at"),
            "devices", Set.of("id", "user_id", "name", "created_at", "last_seen"),
            "refresh_tokens", Set.of("token_hash", "family_id", "user_id", "device_id", "spent", "created_at",
                    "expires_at"),
            "conversations", Set.of("id", "type", "direct_key", "created_at"),
            "conversation_members", Set.of("conversation_id", "user_id", "role", "joined_at"),
            "messages", Set.of("id", "conversation_id", "sender_id", "sender_device_id", "recipient_id",
                    "message_type", "timestamp", "server_timestamp", "session_id", "seq", "delivered_at", "is_read",
                    "read_at"),
            "calls", Set.of("id", "conversation_id", "caller_id", "callee_id", "media", "state", "end_reason",
                    "created_at", "answered_at", "ended_at", "duration_seconds"),
            "user_presence", Set.of("user_id", "status", "hidden", "last_seen"),
            // Flyway's own bookkeeping: migration names and checksums, no user data.
            "flyway_schema_history", Set.of("installed_rank", "version", "description", "type", "script",
                    "checksum", "installed_by", "installed_on", "execution_time", "success"));

    @Test
    void liveSchemaHasOnlyAllowListedColumns() throws SQLException {
        Map<String, Set<String>> live = new TreeMap<>();
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement ps = c.prepareStatement("SELECT table_name, column_name FROM"
                        + " information_schema.columns WHERE LOWER(table_schema) = 'public'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    live.computeIfAbsent(rs.getString(1).toLowerCase(), t -> new TreeSet<>())
                            .add(rs.getString(2).toLowerCase());
                }
            }
        }
        assertThat(live).isNotEmpty();
        assertThat(live.keySet()).isSubsetOf(ALLOWED.keySet());
        live.forEach((table, columns) -> assertThat(columns).as("columns of " + table)
                .isSubsetOf(ALLOWED.get(table)));
        assertThat(live.get("messages")).containsAll(ALLOWED.get("messages"));
    }

    @Test
    void refusedFramesLeaveNoRowAndNoTraceInTheLogs() throws SQLException {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        String marker = "CANARY" + UUID.randomUUID().toString().replace("-", "");
        UUID messageId = UUID.randomUUID();
        String valid = "{\"messageId\":\"" + messageId + "\",\"recipientId\":\"" + bob.userId()
                + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"sessionId\":\"s1\",\"messageType\":\"text\"";
        Map<String, ErrorCode> refused = Map.of(
                frame(valid + ",\"content\":\"" + marker + "\"}"), ErrorCode.UNKNOWN_FIELD,
                frame(valid + ",\"ciphertext\":\"" + marker + "\"}"), ErrorCode.UNKNOWN_FIELD,
                frame(valid + ",\"body\":\"" + marker + "\"}"), ErrorCode.UNKNOWN_FIELD,
                frame(valid + ",\"senderId\":\"" + alice.userId() + "\"}"), ErrorCode.UNKNOWN_FIELD,
                frame(valid.replace("\"s1\"", "\"" + "s".repeat(129) + "\"") + "}"), ErrorCode.INVALID_FIELD,
                frame(valid.replace("\"s1\"", "\"" + marker + " with spaces\"") + "}"), ErrorCode.INVALID_FIELD,
                frame(valid.replace("\"s1\"", "\"" + marker + "\\u00e9\"") + "}"), ErrorCode.INVALID_FIELD,
                frame(valid + ",\"padding\":\"" + marker.repeat(4096 / marker.length() + 1) + "\"}"),
                ErrorCode.TOO_LARGE);
        try (LogCapture logs = new LogCapture();
                WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            int i = 0;
            for (Map.Entry<String, ErrorCode> e : refused.entrySet()) {
                // A frame over the size limit is refused unread, so its id cannot be echoed.
                a.sendRaw(e.getKey());
                ServerFrame.Error error = a.await(ServerFrame.Error.class, ++i).get(i - 1);
                assertThat(error.code()).as(e.getKey().substring(0, Math.min(120, e.getKey().length())))
                        .isEqualTo(e.getValue());
                assertThat(error.message()).doesNotContain(marker);
            }
            a.sendBinary(marker.getBytes(StandardCharsets.UTF_8));
            a.await(ServerFrame.Error.class, refused.size() + 1);
            // The connection still works, and the valid frame is stored exactly once afterwards.
            a.send("ok", new ClientFrame.Message(messageId, bob.userId(), null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), "s1", MessageType.TEXT));
            a.awaitReply("ok", f -> f instanceof ServerFrame.Ack);
            assertThat(rows(messageId)).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(marker);
        }
    }

    @Test
    void aRefusedMessageLeavesNoRow() throws SQLException {
        Api.Login alice = api.newUser("alice");
        UUID messageId = UUID.randomUUID();
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            a.send("x", new ClientFrame.Message(messageId, UUID.randomUUID(), null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), "s1", MessageType.TEXT));
            ServerFrame.Error e = (ServerFrame.Error) a.awaitReply("x", f -> f instanceof ServerFrame.Error).frame();
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            a.send("self", new ClientFrame.Message(messageId, alice.userId(), null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), "s1", MessageType.TEXT));
            assertThat(((ServerFrame.Error) a.awaitReply("self", f -> f instanceof ServerFrame.Error).frame())
                    .code()).isEqualTo(ErrorCode.INVALID_FIELD);
            a.send("stranger", new ClientFrame.Message(messageId, null, UUID.randomUUID(),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), "s1", MessageType.TEXT));
            assertThat(((ServerFrame.Error) a.awaitReply("stranger", f -> f instanceof ServerFrame.Error).frame())
                    .code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertThat(rows(messageId)).isZero();
    }

    @Test
    void retentionPurgesOnlyOldMetadata() throws SQLException {
        Api.Login alice = api.newUser("alice");
        Api.Login bob = api.newUser("bob");
        try (WsClient a = WsClient.connect(gateway.port(), alice.accessToken())) {
            for (int i = 0; i < 3; i++) {
                a.send(new ClientFrame.Message(UUID.randomUUID(), bob.userId(), null,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), "s1", MessageType.TEXT));
            }
            a.await(ServerFrame.Ack.class, 3);
        }
        MessageStore store = new MessageStore(gateway.gateway().database());
        assertThat(store.purgeOlderThan(Instant.now().minus(1, ChronoUnit.HOURS))).isZero();
        assertThat(store.page(bob.userId(), 0, 10).messages()).hasSize(3);
        assertThat(store.purgeOlderThan(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(3);
        assertThat(store.page(bob.userId(), 0, 10).messages()).isEmpty();
    }

    @Test
    void retentionWalksEveryPageOfConversations() throws SQLException {
        // More conversations than one purge page holds, each with an old and a recent row.
        int conversations = 1_100;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<UUID> ids = new java.util.ArrayList<>();
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement conv = c.prepareStatement(
                        "INSERT INTO conversations (id, type, created_at) VALUES (?, 'group', ?)");
                PreparedStatement msg = c.prepareStatement("INSERT INTO messages (id, conversation_id, sender_id,"
                        + " sender_device_id, recipient_id, message_type, \"timestamp\", server_timestamp, session_id,"
                        + " seq) VALUES (?, ?, ?, ?, ?, 'text', ?, ?, 's', 1)")) {
            for (int i = 0; i < conversations; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                conv.setObject(1, id);
                conv.setObject(2, Sql.at(now));
                conv.addBatch();
                for (Instant at : List.of(now.minus(2, ChronoUnit.DAYS), now)) {
                    msg.setObject(1, UUID.randomUUID());
                    msg.setObject(2, id);
                    msg.setObject(3, UUID.randomUUID());
                    msg.setObject(4, UUID.randomUUID());
                    msg.setObject(5, UUID.randomUUID());
                    msg.setObject(6, Sql.at(at));
                    msg.setObject(7, Sql.at(at));
                    msg.addBatch();
                }
            }
            conv.executeBatch();
            msg.executeBatch();
        }
        MessageStore store = new MessageStore(gateway.gateway().database());
        assertThat(store.purgeOlderThan(now.minus(1, ChronoUnit.DAYS))).isEqualTo(conversations);
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*), MIN(server_timestamp) FROM messages WHERE conversation_id = ANY(?)")) {
            Sql.bindUuids(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(conversations);
                assertThat(Sql.instant(rs, 2)).isEqualTo(now);
            }
        }
    }

    private static String frame(String payload) {
        return "{\"type\":\"message\",\"payload\":" + payload + "}";
    }

    private int rows(UUID messageId) throws SQLException {
        try (Connection c = gateway.gateway().database().connection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE id = ?")) {
            ps.setObject(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

}
