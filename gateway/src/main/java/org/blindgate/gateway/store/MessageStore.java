package org.blindgate.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.blindgate.protocol.MessageType;
import org.blindgate.service.db.Database;

/**
 * Reads and status updates of message metadata: {@code sync} pages, history, receipts and
 * retention. Writes of new messages go through {@link MessageWriter}. Blocking JDBC.
 */
public final class MessageStore {

    /** Conversations whose old rows one retention transaction deletes. */
    private static final int PURGE_PAGE = 500;

    /** A page of {@code sync}: rows in seq order, and whether more follow. */
    public record SyncPage(List<StoredMessage> messages, boolean hasMore) {
        public SyncPage {
            messages = List.copyOf(messages);
        }
    }

    /** A row as the history endpoint shows it, with its delivery state. */
    public record HistoryEntry(StoredMessage message, Instant deliveredAt, boolean read, Instant readAt) {
    }

    /** Messages of one sender whose status changed, for one receipt to that sender. */
    public record StatusChange(UUID senderId, List<UUID> messageIds) {
        public StatusChange {
            messageIds = List.copyOf(messageIds);
        }
    }

    private static final String COLUMNS = "id, conversation_id, sender_id, sender_device_id, recipient_id,"
            + " \"timestamp\", server_timestamp, session_id, message_type, seq";

    private final Database db;

    public MessageStore(Database db) {
        this.db = db;
    }

    /** The recipient's messages with {@code seq > afterSeq}, at most {@code limit}, in seq order. */
    public SyncPage page(UUID recipientId, long afterSeq, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE recipient_id = ? AND seq > ? ORDER BY seq LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, recipientId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit + 1);
            List<StoredMessage> rows = new ArrayList<>(Math.min(limit + 1, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            boolean more = rows.size() > limit;
            return new SyncPage(more ? rows.subList(0, limit) : rows, more);
        }
    }

    /** The caller's message metadata in a conversation, newest first, before {@code before}. */
    public List<HistoryEntry> history(UUID caller, UUID conversationId, Instant before, int limit)
            throws SQLException {
        // A group message is one row per recipient; the sender sees it once (the first row).
        String sql = "SELECT " + COLUMNS + ", delivered_at, is_read, read_at FROM messages"
                + " WHERE conversation_id = ? AND (recipient_id = ? OR sender_id = ?) AND server_timestamp < ?"
                + " ORDER BY server_timestamp DESC, seq DESC LIMIT ?";
        Map<String, HistoryEntry> entries = new LinkedHashMap<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, conversationId);
            ps.setObject(2, caller);
            ps.setObject(3, caller);
            ps.setObject(4, Sql.at(before));
            ps.setInt(5, limit * 4);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && entries.size() < limit) {
                    StoredMessage m = row(rs);
                    entries.putIfAbsent(m.senderId() + "/" + m.messageId(),
                            new HistoryEntry(m, Sql.instant(rs, 11), rs.getBoolean(12), Sql.instant(rs, 13)));
                }
            }
        }
        return List.copyOf(entries.values());
    }

    /**
     * Marks the caller's messages delivered; ids not addressed to the caller are ignored.
     *
     * @return per sender, the ids whose state changed (for receipts)
     */
    public List<StatusChange> markDelivered(UUID recipientId, List<UUID> ids, Instant now) throws SQLException {
        return mark(recipientId, ids, now, false);
    }

    /** Marks the caller's messages read (and delivered, if they were not yet). */
    public List<StatusChange> markRead(UUID recipientId, List<UUID> ids, Instant now) throws SQLException {
        return mark(recipientId, ids, now, true);
    }

    /**
     * Two steps, each on one index whatever the planner thinks: the rows with these ids by the
     * {@code messages_identity} index alone (with the recipient in the WHERE clause, H2 chose the
     * primary key and walked ALL of the recipient's rows: 97 % of the gateway's time in the
     * bench's end-to-end scenario), then one update per row by primary key whose count says
     * whether THIS call changed it, so two devices marking the same message at once produce one
     * receipt.
     */
    private List<StatusChange> mark(UUID recipientId, List<UUID> ids, Instant now, boolean read)
            throws SQLException {
        return db.inTransaction(c -> {
            Sql.keyLookupsOnly(c, db);
            record Row(long seq, UUID senderId, UUID id) {
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, sender_id, id, recipient_id FROM messages WHERE id = ANY(?)")) {
                Sql.bindUuids(ps, 1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (recipientId.equals(rs.getObject(4, UUID.class))) {
                            rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)));
                        }
                    }
                }
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            rows.sort(Comparator.comparingLong(Row::seq));
            String sql = read
                    ? "UPDATE messages SET is_read = TRUE, read_at = ?, delivered_at = COALESCE(delivered_at, ?)"
                            + " WHERE recipient_id = ? AND seq = ? AND is_read = FALSE"
                    : "UPDATE messages SET delivered_at = ?"
                            + " WHERE recipient_id = ? AND seq = ? AND delivered_at IS NULL";
            int[] changed;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Row r : rows) {
                    int p = 1;
                    ps.setObject(p++, Sql.at(now));
                    if (read) {
                        ps.setObject(p++, Sql.at(now));
                    }
                    ps.setObject(p++, recipientId);
                    ps.setLong(p, r.seq());
                    ps.addBatch();
                }
                changed = ps.executeBatch();
            }
            Map<UUID, List<UUID>> bySender = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                if (changed[i] > 0) {
                    bySender.computeIfAbsent(rows.get(i).senderId(), k -> new ArrayList<>()).add(rows.get(i).id());
                }
            }
            List<StatusChange> changes = new ArrayList<>();
            bySender.forEach((sender, changedIds) -> changes.add(new StatusChange(sender, changedIds)));
            return changes;
        });
    }

    /**
     * Retention: deletes message metadata stored before {@code cutoff}. It walks conversations
     * in pages and deletes each page's old rows through {@code messages_history}, one short
     * transaction per page: there is no index on the timestamp alone, which every stored message
     * would have paid for (V2 migration). Every message row belongs to a conversation row
     * (deleting an account deletes its direct conversations and its rows together).
     */
    public int purgeOlderThan(Instant cutoff) throws SQLException {
        int purged = 0;
        UUID after = new UUID(0, 0); // the smallest in both databases' (unsigned) order
        while (true) {
            List<UUID> page = conversationsAfter(after);
            if (page.isEmpty()) {
                return purged;
            }
            purged += db.inTransaction(c -> {
                Sql.keyLookupsOnly(c, db);
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM messages WHERE conversation_id = ANY(?) AND server_timestamp < ?")) {
                    Sql.bindUuids(ps, 1, page);
                    ps.setObject(2, Sql.at(cutoff));
                    return ps.executeUpdate();
                }
            });
            after = page.get(page.size() - 1);
        }
    }

    private List<UUID> conversationsAfter(UUID after) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM conversations WHERE id > ? ORDER BY id LIMIT " + PURGE_PAGE)) {
            ps.setObject(1, after);
            List<UUID> ids = new ArrayList<>(PURGE_PAGE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    private static StoredMessage row(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), Sql.instant(rs, 6), Sql.instant(rs, 7),
                rs.getString(8), MessageType.fromWire(rs.getString(9)).orElseThrow(), rs.getLong(10));
    }
}
