package org.blindgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.service.db.Database;

/** Conversations and their members. A pair of users has exactly one direct conversation. */
public final class ConversationStore {

    public record Member(UUID userId, String role) {
    }

    public record Conversation(UUID id, String type, List<Member> members, Instant createdAt,
            Instant lastMessageAt, long unreadCount) {
        public Conversation {
            members = List.copyOf(members);
        }
    }

    private final Database db;

    public ConversationStore(Database db) {
        this.db = db;
    }

    /** The key that makes a direct conversation unique per unordered pair. */
    static String directKey(UUID a, UUID b) {
        return a.compareTo(b) <= 0 ? a + ":" + b : b + ":" + a;
    }

    static List<UUID> directMembers(String key) {
        int colon = key.indexOf(':');
        return List.of(UUID.fromString(key.substring(0, colon)), UUID.fromString(key.substring(colon + 1)));
    }

    /** Inserts a direct conversation of {@code a} and {@code b} inside the caller's transaction. */
    static UUID createDirect(Connection c, UUID a, UUID b, Instant now) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO conversations (id, type, direct_key, created_at) VALUES (?, 'direct', ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, directKey(a, b));
            ps.setObject(3, Sql.at(now));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO conversation_members"
                + " (conversation_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)")) {
            for (UUID member : List.of(a, b)) {
                ps.setObject(1, id);
                ps.setObject(2, member);
                ps.setObject(3, Sql.at(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return id;
    }

    /** Members of each conversation, inside the caller's transaction. */
    static Map<UUID, List<UUID>> members(Connection c, Collection<UUID> conversations) throws SQLException {
        Map<UUID, List<UUID>> members = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conversation_id, user_id FROM conversation_members"
                + " WHERE conversation_id = ANY(?)")) {
            Sql.bindUuids(ps, 1, conversations);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(rs.getObject(2, UUID.class));
                }
            }
        }
        return members;
    }

    /**
     * The direct conversation of the pair, created when it does not exist yet (idempotent).
     *
     * @return empty when {@code other} is not a user
     */
    public Optional<Conversation> direct(UUID caller, UUID other, Instant now) throws SQLException {
        String key = directKey(caller, other);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Optional<UUID> id = db.inTransaction(c -> {
                    Optional<UUID> found = directId(c, key);
                    if (found.isPresent()) {
                        return found;
                    }
                    if (UserStore.existing(c, List.of(other)).isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(createDirect(c, caller, other, now));
                });
                if (id.isEmpty()) {
                    return Optional.empty();
                }
                return get(caller, id.get());
            } catch (SQLException e) {
                // Two first contacts at once: the other insert won; read it on the next pass.
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
        throw new SQLException("direct conversation " + key + " could not be created or read");
    }

    private static Optional<UUID> directId(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM conversations WHERE direct_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** One conversation if the caller is a member; otherwise empty (a stranger cannot probe ids). */
    public Optional<Conversation> get(UUID caller, UUID conversationId) throws SQLException {
        List<Conversation> found = list(caller, conversationId);
        return found.stream().findFirst();
    }

    /** The caller's conversations, most recent activity first. */
    public List<Conversation> list(UUID caller) throws SQLException {
        return list(caller, null);
    }

    private List<Conversation> list(UUID caller, UUID only) throws SQLException {
        String sql = "SELECT c.id, c.type, c.created_at,"
                + " (SELECT MAX(m.server_timestamp) FROM messages m WHERE m.conversation_id = c.id"
                + "    AND (m.recipient_id = ? OR m.sender_id = ?)),"
                + " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id"
                + "    AND m.recipient_id = ? AND m.is_read = FALSE)"
                + " FROM conversations c JOIN conversation_members cm ON cm.conversation_id = c.id"
                + " WHERE cm.user_id = ?" + (only == null ? "" : " AND c.id = ?");
        Map<UUID, Conversation> byId = new LinkedHashMap<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, caller);
                ps.setObject(2, caller);
                ps.setObject(3, caller);
                ps.setObject(4, caller);
                if (only != null) {
                    ps.setObject(5, only);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        byId.put(id, new Conversation(id, rs.getString(2), List.of(), Sql.instant(rs, 3),
                                Sql.instant(rs, 4), rs.getLong(5)));
                    }
                }
            }
            if (byId.isEmpty()) {
                return List.of();
            }
            Map<UUID, List<Member>> members = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT conversation_id, user_id, role"
                    + " FROM conversation_members WHERE conversation_id = ANY(?) ORDER BY joined_at, user_id")) {
                Sql.bindUuids(ps, 1, byId.keySet());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        members.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new Member(rs.getObject(2, UUID.class), rs.getString(3)));
                    }
                }
            }
            List<Conversation> out = new ArrayList<>();
            for (Conversation conv : byId.values()) {
                out.add(new Conversation(conv.id(), conv.type(), members.getOrDefault(conv.id(), List.of()),
                        conv.createdAt(), conv.lastMessageAt(), conv.unreadCount()));
            }
            out.sort((x, y) -> compareRecent(y, x));
            return out;
        }
    }

    private static int compareRecent(Conversation a, Conversation b) {
        Instant x = a.lastMessageAt() == null ? a.createdAt() : a.lastMessageAt();
        Instant y = b.lastMessageAt() == null ? b.createdAt() : b.lastMessageAt();
        return x.compareTo(y);
    }
}
