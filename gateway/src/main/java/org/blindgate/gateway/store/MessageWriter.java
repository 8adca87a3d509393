package org.blindgate.gateway.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.service.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer: one thread takes every queued {@code message} frame (up to a batch
 * size) from all connections, writes them in ONE transaction, commits, and only then reports
 * each frame's outcome. So throughput is not one database round trip per message, and no
 * message is acknowledged before it is durable (DESIGN.md invariant 4).
 *
 * <p>Inside the transaction, per-recipient {@code seq} comes from the counter row
 * {@code users.last_seq}, bumped by each recipient's count after its row is locked, in ascending
 * user-id order: the row lock serialises writers of other gateway nodes on the same PostgreSQL,
 * and the fixed order means two batches can never deadlock. A rolled-back batch gives its seqs
 * back, so there are no gaps.
 *
 * <p>Outcomes are reported on ONE fan-out thread in batch order, which is seq order per
 * recipient; callers that route from the callback therefore deliver in order. The fan-out
 * thread encodes and writes the acks and routed frames of batch N while the writer thread
 * already writes batch N+1: on the writer thread that work took up to 44 % of the one thread
 * every message waits for (docs/performance.md). Callbacks must be quick and must not block.
 */
public final class MessageWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);
    private static final int ATTEMPTS = 3;
    private static final int DIRECT_CACHE_LIMIT = 200_000;
    /** Queued messages, in batches, past which connections stop reading new ones. */
    private static final int BACKLOG_BATCHES = 8;

    private record Job(PendingMessage message, Consumer<WriteOutcome> callback) {
    }

    private record Key(UUID senderId, UUID messageId) {
    }

    private record Existing(UUID conversationId, Instant serverTimestamp) {
    }

    /** Thrown inside a batch when a cached direct conversation points at a deleted user. */
    private static final class StaleCacheException extends SQLException {
        StaleCacheException(String message) {
            super(message);
        }
    }

    private final Database database;
    private final Clock clock;
    private final int maxBatch;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final int backlogLimit;
    private final Queue<Runnable> waitingForRoom = new ConcurrentLinkedQueue<>();
    private final Map<String, UUID> directConversations = new ConcurrentHashMap<>();
    private final Thread thread;
    private final ExecutorService fanOut = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "blindgate-fanout");
        t.setDaemon(true);
        return t;
    });
    private final DistributionSummary batchSizes;
    private final Timer commitLatency;
    private volatile boolean running = true;

    public MessageWriter(Database database, Clock clock, int maxBatch, MeterRegistry metrics) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.database = database;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.backlogLimit = BACKLOG_BATCHES * maxBatch;
        this.batchSizes = DistributionSummary.builder("blindgate.store.batch.size")
                .description("messages written per group-commit transaction")
                .register(metrics);
        this.commitLatency = Timer.builder("blindgate.store.batch.latency")
                .description("time to write and commit one group-commit batch")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
        metrics.gauge("blindgate.store.queue", queue, BlockingQueue::size);
        this.thread = new Thread(this::run, "blindgate-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a message; {@code callback} runs on the fan-out thread after its batch committed
     * (or failed with {@link ErrorCode#UNAVAILABLE}). Never blocks: callers bound what they
     * have in flight (a connection pauses reading past a window).
     */
    public void submit(PendingMessage message, Consumer<WriteOutcome> callback) {
        if (!running) {
            callback.accept(new WriteOutcome.Refused(ErrorCode.UNAVAILABLE, null, "the server is shutting down"));
            return;
        }
        queue.add(new Job(message, callback));
    }

    /**
     * Whether more is queued than the writer should take on: {@value #BACKLOG_BATCHES} full
     * batches. Each connection bounds its own messages in flight, but a thousand connections at
     * their bound would queue hundreds of thousands of messages in front of one writer, turning
     * an overload into seconds of latency and memory for everyone; past this mark connections
     * stop reading (TCP pushes back on the senders) until the queue is down to half.
     */
    public boolean backlogged() {
        return queue.size() >= backlogLimit;
    }

    /** Runs {@code resume} (quick, any thread) once the queue is down to half the backlog mark. */
    public void whenRoom(Runnable resume) {
        waitingForRoom.add(resume);
        if (queue.size() <= backlogLimit / 2) {
            wakeWaiting();
        }
    }

    private void wakeWaiting() {
        Runnable r;
        while ((r = waitingForRoom.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("a resume callback failed", e);
            }
        }
    }

    /** Forgets cached direct conversations of a user whose account was deleted. */
    public void forgetUser(UUID userId) {
        String id = userId.toString();
        directConversations.keySet().removeIf(key -> key.contains(id));
    }

    private void run() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (!waitingForRoom.isEmpty() && queue.size() <= backlogLimit / 2) {
                    wakeWaiting();
                }
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("group-commit writer failed a batch of {}", batch.size(), e);
                failAll(batch, "the store failed; resend the message (it is idempotent by messageId)");
            } finally {
                batch.clear();
            }
        }
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, "the server is shutting down");
    }

    private void writeBatch(List<Job> jobs) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, UUID> created = new HashMap<>();
            // The first attempt assumes no message was stored before: a resend is rare (a client
            // that lost an ack), and messages_identity refuses it anyway, failing the batch, which
            // is then retried with the lookup. The lookup cost 8 % of this thread on every batch.
            boolean lookUpStored = attempt > 1;
            try {
                List<WriteOutcome> outcomes = database.inTransaction(c -> plan(c, jobs, now, created, lookUpStored));
                directConversations.putAll(created);
                if (directConversations.size() > DIRECT_CACHE_LIMIT) {
                    directConversations.clear();
                }
                batchSizes.record(jobs.size());
                commitLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                report(jobs, outcomes);
                return;
            } catch (StaleCacheException e) {
                last = e;
                directConversations.clear();
            } catch (SQLException e) {
                // A resend, a unique-key race with another gateway node, or a lost connection:
                // retry the whole batch; the duplicate check then sees what is committed.
                last = e;
                if (!lookUpStored && Sql.isUniqueViolation(e)) {
                    log.debug("batch of {} holds a message stored before; retrying with the lookup", jobs.size());
                    continue;
                }
                log.warn("group-commit batch of {} failed (attempt {}/{}): {}", jobs.size(), attempt, ATTEMPTS,
                        e.getMessage());
            }
        }
        log.error("group-commit batch of {} given up after {} attempts", jobs.size(), ATTEMPTS, last);
        failAll(jobs, "the store is unavailable; resend the message (it is idempotent by messageId)");
    }

    private List<WriteOutcome> plan(Connection c, List<Job> jobs, Instant now, Map<String, UUID> created,
            boolean lookUpStored) throws SQLException {
        Sql.keyLookupsOnly(c, database);
        int n = jobs.size();
        WriteOutcome[] outcomes = new WriteOutcome[n];
        UUID[] conversationOf = new UUID[n];
        Map<Key, Existing> existing = lookUpStored ? findExisting(c, jobs) : Map.of();
        Map<Key, Integer> firstInBatch = new HashMap<>();
        int[] duplicateOf = new int[n];
        Arrays.fill(duplicateOf, -1);

        // 1. Duplicates, against the store and within the batch.
        for (int i = 0; i < n; i++) {
            PendingMessage m = jobs.get(i).message();
            Key key = new Key(m.senderId(), m.frame().messageId());
            Existing old = existing.get(key);
            if (old != null) {
                outcomes[i] = new WriteOutcome.Duplicate(old.conversationId(), old.serverTimestamp());
            } else if (firstInBatch.containsKey(key)) {
                duplicateOf[i] = firstInBatch.get(key);
            } else {
                firstInBatch.put(key, i);
                UUID recipient = m.frame().recipientId();
                if (recipient != null && recipient.equals(m.senderId())) {
                    outcomes[i] = new WriteOutcome.Refused(ErrorCode.INVALID_FIELD, "payload.recipientId",
                            "a message cannot be addressed to its own sender");
                }
            }
        }

        // 2. Conversations: direct ones by pair (created on first use), others by membership.
        Map<Integer, List<UUID>> recipientsOf = new HashMap<>();
        resolveDirect(c, jobs, outcomes, duplicateOf, conversationOf, recipientsOf, now, created);
        resolveByConversation(c, jobs, outcomes, duplicateOf, conversationOf, recipientsOf);

        // 3. Seq per recipient, in ascending user-id order (no deadlock between batches).
        TreeMap<UUID, Integer> countPerRecipient = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (outcomes[i] == null && duplicateOf[i] < 0) {
                for (UUID r : recipientsOf.get(i)) {
                    countPerRecipient.merge(r, 1, Integer::sum);
                }
            }
        }
        Map<UUID, Long> nextSeq = reserveSeqs(c, countPerRecipient);

        // 4. Rows, in batch order, so seq follows arrival order per recipient.
        List<StoredMessage> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (outcomes[i] != null || duplicateOf[i] >= 0) {
                continue;
            }
            PendingMessage m = jobs.get(i).message();
            ClientFrame.Message f = m.frame();
            List<StoredMessage> own = new ArrayList<>();
            for (UUID r : recipientsOf.get(i)) {
                long seq = nextSeq.merge(r, 1L, Long::sum) - 1;
                own.add(new StoredMessage(f.messageId(), conversationOf[i], m.senderId(), m.senderDeviceId(), r,
                        f.timestamp(), now, f.sessionId(), f.messageType(), seq));
            }
            rows.addAll(own);
            outcomes[i] = new WriteOutcome.Stored(conversationOf[i], now, own);
        }
        insert(c, rows);

        for (int i = 0; i < n; i++) {
            if (duplicateOf[i] >= 0) {
                WriteOutcome first = outcomes[duplicateOf[i]];
                outcomes[i] = first instanceof WriteOutcome.Stored s
                        ? new WriteOutcome.Duplicate(s.conversationId(), s.serverTimestamp())
                        : first;
            }
        }
        return List.of(outcomes);
    }

    private Map<Key, Existing> findExisting(Connection c, List<Job> jobs) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        for (Job j : jobs) {
            ids.add(j.message().frame().messageId());
        }
        Map<Key, Existing> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, sender_id, conversation_id, server_timestamp FROM messages WHERE id = ANY(?)")) {
            Sql.bindUuids(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.putIfAbsent(new Key(rs.getObject(2, UUID.class), rs.getObject(1, UUID.class)),
                            new Existing(rs.getObject(3, UUID.class), Sql.instant(rs, 4)));
                }
            }
        }
        return found;
    }

    private void resolveDirect(Connection c, List<Job> jobs, WriteOutcome[] outcomes, int[] duplicateOf,
            UUID[] conversationOf, Map<Integer, List<UUID>> recipientsOf, Instant now, Map<String, UUID> created)
            throws SQLException {
        Map<String, UUID> missing = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            ClientFrame.Message f = jobs.get(i).message().frame();
            if (outcomes[i] == null && duplicateOf[i] < 0 && f.recipientId() != null) {
                String key = ConversationStore.directKey(jobs.get(i).message().senderId(), f.recipientId());
                if (!directConversations.containsKey(key)) {
                    missing.put(key, null);
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT direct_key, id FROM conversations WHERE direct_key = ANY(?)")) {
                Sql.bindStrings(ps, 1, missing.keySet());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        missing.put(rs.getString(1), rs.getObject(2, UUID.class));
                    }
                }
            }
            Set<UUID> unknownUsers = new HashSet<>();
            Set<UUID> toCheck = new HashSet<>();
            missing.forEach((key, id) -> {
                if (id == null) {
                    toCheck.addAll(ConversationStore.directMembers(key));
                }
            });
            if (!toCheck.isEmpty()) {
                Set<UUID> existingUsers = UserStore.existing(c, toCheck);
                for (UUID u : toCheck) {
                    if (!existingUsers.contains(u)) {
                        unknownUsers.add(u);
                    }
                }
            }
            for (Map.Entry<String, UUID> e : missing.entrySet()) {
                if (e.getValue() == null) {
                    List<UUID> members = ConversationStore.directMembers(e.getKey());
                    if (!unknownUsers.contains(members.get(0)) && !unknownUsers.contains(members.get(1))) {
                        e.setValue(ConversationStore.createDirect(c, members.get(0), members.get(1), now));
                        created.put(e.getKey(), e.getValue());
                    }
                } else {
                    created.put(e.getKey(), e.getValue());
                }
            }
            for (int i = 0; i < jobs.size(); i++) {
                ClientFrame.Message f = jobs.get(i).message().frame();
                if (outcomes[i] == null && duplicateOf[i] < 0 && f.recipientId() != null
                        && unknownUsers.contains(f.recipientId())) {
                    outcomes[i] = new WriteOutcome.Refused(ErrorCode.NOT_FOUND, "payload.recipientId",
                            "no user has this recipientId");
                }
            }
        }
        for (int i = 0; i < jobs.size(); i++) {
            PendingMessage m = jobs.get(i).message();
            if (outcomes[i] == null && duplicateOf[i] < 0 && m.frame().recipientId() != null) {
                String key = ConversationStore.directKey(m.senderId(), m.frame().recipientId());
                UUID id = created.containsKey(key) ? created.get(key) : directConversations.get(key);
                conversationOf[i] = id;
                recipientsOf.put(i, List.of(m.frame().recipientId()));
            }
        }
    }

    private void resolveByConversation(Connection c, List<Job> jobs, WriteOutcome[] outcomes, int[] duplicateOf,
            UUID[] conversationOf, Map<Integer, List<UUID>> recipientsOf) throws SQLException {
        Set<UUID> conversations = new HashSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            UUID conv = jobs.get(i).message().frame().conversationId();
            if (outcomes[i] == null && duplicateOf[i] < 0 && conv != null) {
                conversations.add(conv);
            }
        }
        if (conversations.isEmpty()) {
            return;
        }
        Map<UUID, List<UUID>> members = ConversationStore.members(c, conversations);
        for (int i = 0; i < jobs.size(); i++) {
            PendingMessage m = jobs.get(i).message();
            UUID conv = m.frame().conversationId();
            if (outcomes[i] != null || duplicateOf[i] >= 0 || conv == null) {
                continue;
            }
            List<UUID> of = members.getOrDefault(conv, List.of());
            if (!of.contains(m.senderId())) {
                // Not-a-member and does-not-exist look the same, so ids cannot be probed.
                outcomes[i] = new WriteOutcome.Refused(ErrorCode.NOT_FOUND, "payload.conversationId",
                        "no conversation with this id has the sender as a member");
                continue;
            }
            conversationOf[i] = conv;
            List<UUID> others = new ArrayList<>(of);
            others.remove(m.senderId());
            recipientsOf.put(i, others);
        }
    }

    /** Bumps each recipient's counter by its count; returns the first seq to use per recipient. */
    private Map<UUID, Long> reserveSeqs(Connection c, TreeMap<UUID, Integer> counts) throws SQLException {
        Map<UUID, Long> first = new HashMap<>();
        if (counts.isEmpty()) {
            return first;
        }
        Map<UUID, Long> last = database.isPostgres() ? bumpAllAtOnce(c, counts) : bumpOneByOne(c, counts);
        if (last.size() < counts.size()) {
            throw new StaleCacheException("a cached conversation names a user that no longer exists");
        }
        last.forEach((user, seq) -> first.put(user, seq - counts.get(user) + 1));
        return first;
    }

    /**
     * PostgreSQL: locks the counter rows in ascending id order (every writer's order, so batches
     * of two gateway nodes cannot deadlock), then bumps them all in one statement. One UPDATE per
     * recipient cost a statement's overhead each: this gave 5 % more messages per second at W=8
     * and 6 % less CPU per message (docs/performance.md, fourth session).
     */
    private static Map<UUID, Long> bumpAllAtOnce(Connection c, TreeMap<UUID, Integer> counts) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT id FROM users WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
            Sql.bindUuids(lock, 1, counts.keySet());
            lock.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE users u SET last_seq = u.last_seq + d.n"
                + " FROM unnest(?, ?) AS d(id, n) WHERE u.id = d.id RETURNING u.id, u.last_seq")) {
            Sql.bindUuids(ps, 1, counts.keySet());
            ps.setArray(2, c.createArrayOf("int4", counts.values().toArray(new Integer[0])));
            return lastSeqs(ps);
        }
    }

    /** H2 (in-process, so a statement costs little): one UPDATE per recipient in ascending order, then one read. */
    private static Map<UUID, Long> bumpOneByOne(Connection c, TreeMap<UUID, Integer> counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET last_seq = last_seq + ? WHERE id = ?")) {
            for (Map.Entry<UUID, Integer> e : counts.entrySet()) {
                ps.setInt(1, e.getValue());
                ps.setObject(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, last_seq FROM users WHERE id = ANY(?)")) {
            Sql.bindUuids(ps, 1, counts.keySet());
            return lastSeqs(ps);
        }
    }

    private static Map<UUID, Long> lastSeqs(PreparedStatement ps) throws SQLException {
        Map<UUID, Long> last = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                last.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        }
        return last;
    }

    private static void insert(Connection c, List<StoredMessage> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO messages (id, conversation_id, sender_id, sender_device_id, recipient_id,"
                + " message_type, \"timestamp\", server_timestamp, session_id, seq) VALUES (?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (StoredMessage r : rows) {
                ps.setObject(1, r.messageId());
                ps.setObject(2, r.conversationId());
                ps.setObject(3, r.senderId());
                ps.setObject(4, r.senderDeviceId());
                ps.setObject(5, r.recipientId());
                ps.setString(6, r.messageType().wire());
                ps.setObject(7, Sql.at(r.timestamp()));
                ps.setObject(8, Sql.at(r.serverTimestamp()));
                ps.setString(9, r.sessionId());
                ps.setLong(10, r.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Hands the outcomes to the fan-out thread; {@code jobs} is reused by the caller, so it is copied. */
    private void report(List<Job> jobs, List<WriteOutcome> outcomes) {
        List<Job> done = List.copyOf(jobs);
        fanOut.execute(() -> {
            for (int i = 0; i < done.size(); i++) {
                try {
                    done.get(i).callback().accept(outcomes.get(i));
                } catch (RuntimeException e) {
                    log.error("a write callback failed", e);
                }
            }
        });
    }

    private void failAll(List<Job> jobs, String message) {
        WriteOutcome refused = new WriteOutcome.Refused(ErrorCode.UNAVAILABLE, null, message);
        report(jobs, Collections.nCopies(jobs.size(), refused));
    }

    /** Stops taking work, writes what is queued, and waits until every outcome was reported. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            fanOut.shutdown();
            fanOut.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
