package org.blindgate.sdk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.Limits;
import org.blindgate.protocol.ServerFrame;
import org.blindgate.sdk.crypto.Envelope;
import org.blindgate.sdk.crypto.PeerDevices;
import org.blindgate.sdk.crypto.Plaintext;
import org.blindgate.sdk.crypto.ProtocolStore;
import org.blindgate.sdk.store.Json;
import org.blindgate.sdk.store.LocalStore;
import org.blindgate.sdk.transport.Backoff;
import org.blindgate.sdk.transport.Connection;
import org.blindgate.sdk.vault.VaultClient;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * Receiving (PROTOCOL.md §5 step 4), on the client's worker thread, in {@code seq} order.
 *
 * <p>Each message is processed exactly once: fetch this device's blob from the vault, decrypt it
 * with the sender device's session, unpad, then commit the session, the history entry and the
 * cursor together; only then is the listener told, {@code delivered} sent and the blob deleted
 * (both retried after a restart from {@code pending-ack/<messageId>}). A fetch that fails for a
 * reason that may pass (vault unreachable) stops processing and retries by {@code sync} with
 * backoff, so nothing is skipped and nothing is acknowledged that was not stored. A message that
 * can never be read (no blob for this device, bad ciphertext) is recorded and reported, and not
 * acknowledged as delivered.
 *
 * <p>Ordering: a frame with the next {@code seq} is processed at once; one further ahead means a
 * frame was lost, so it is kept aside and a {@code sync} from the cursor is sent. A sync page is
 * complete for the range it covers, so after {@code sync.done} the frames kept aside up to its
 * {@code lastSeq} are processed even across holes (rows purged by retention). Frames at or below
 * the cursor, or whose id was seen, are duplicates (live and replayed copies of one message).
 *
 * <p>A message from a device whose identity key changed is held, undecrypted, under
 * {@code held/<messageId>} until the user confirms the new safety number ({@link #releaseHeld}).
 */
final class Incoming {

    private static final int MAX_ASIDE = 5000;
    private static final int MAX_FRUITLESS_SYNCS = 3;

    private final LocalStore store;
    private final VaultClient vault;
    private final Directory directory;
    private final Peers peers;
    private final Connection connection;
    private final ScheduledExecutorService worker;
    private final Supplier<Account> self;
    private final Events events;
    private final Backoff backoff;
    private final NavigableMap<Long, ServerFrame.Message> aside = new TreeMap<>();
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> ackWaiters = new ArrayList<>();
    private int acksInFlight;
    private boolean syncing;
    private long syncAfter;
    private boolean blocked;
    private BlindgateException blockedBy;
    private int retries;
    private int fruitless;
    private long syncs;

    Incoming(LocalStore store, VaultClient vault, Directory directory, Peers peers, Connection connection,
            ScheduledExecutorService worker, Supplier<Account> self, Events events, Backoff backoff) {
        this.store = store;
        this.vault = vault;
        this.directory = directory;
        this.peers = peers;
        this.connection = connection;
        this.worker = worker;
        this.self = self;
        this.events = events;
        this.backoff = backoff;
    }

    private long cursor() {
        return Cursor.read(store.batch());
    }

    /** The connection opened: acknowledge what is pending, then catch up. */
    void opened() {
        syncing = false;
        blocked = false;
        flushAcks();
        sync();
    }

    void closed() {
        syncing = false;
    }

    /** Completes when this device has caught up (a sync ended with nothing more); fails if a message could not be fetched. */
    CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.add(f);
        return f;
    }

    void message(ServerFrame.Message m) {
        long cursor = cursor();
        if (m.seq() <= cursor || Cursor.seen(store.batch(), m.messageId())) {
            return;
        }
        if (!syncing && !blocked && m.seq() == cursor + 1) {
            if (process(m)) {
                drain(Long.MAX_VALUE, false);
            }
            if (blocked) {
                retryLater();
            }
            return;
        }
        keepAside(m);
        if (!syncing && !blocked) {
            sync();
        }
    }

    private void keepAside(ServerFrame.Message m) {
        aside.put(m.seq(), m);
        if (aside.size() > MAX_ASIDE) {
            aside.pollLastEntry(); // a later sync brings it again
        }
    }

    private void sync() {
        if (syncing || !connection.isOpen()) {
            return;
        }
        syncing = true;
        blocked = false;
        syncAfter = cursor();
        events.state(ConnectionState.SYNCING);
        connection.send("sync-" + (++syncs), new ClientFrame.Sync(syncAfter, Limits.DEFAULT_SYNC_LIMIT))
                .exceptionally(e -> {
                    worker.execute(() -> syncing = false); // the connection dropped: opened() syncs again
                    return null;
                });
    }

    void syncDone(ServerFrame.SyncDone done) {
        syncing = false;
        drain(done.lastSeq(), true);
        boolean progress = cursor() > syncAfter;
        fruitless = progress ? 0 : fruitless + 1;
        if (!blocked) {
            drain(Long.MAX_VALUE, fruitless >= MAX_FRUITLESS_SYNCS);
        }
        if (blocked) {
            retryLater();
            return;
        }
        retries = 0;
        if (done.hasMore() || !aside.isEmpty()) {
            sync();
            return;
        }
        fruitless = 0;
        events.state(ConnectionState.ONLINE);
        waiters.forEach(w -> w.complete(null));
        waiters.clear();
    }

    /** A sync was refused (the gateway's store failed): try again later. */
    void syncRefused(ServerFrame.Error error) {
        syncing = false;
        blocked = true;
        blockedBy = new ServerException("gateway", 0, error.code().wire(), "the gateway could not replay messages: "
                + error.message());
        retryLater();
    }

    /** Processes the frames kept aside up to {@code upTo}, in order; across holes only when {@code acrossHoles}. */
    private void drain(long upTo, boolean acrossHoles) {
        while (!aside.isEmpty() && !blocked) {
            Map.Entry<Long, ServerFrame.Message> first = aside.firstEntry();
            long cursor = cursor();
            if (first.getKey() > upTo || first.getKey() != cursor + 1 && first.getKey() > cursor && !acrossHoles) {
                return;
            }
            aside.pollFirstEntry();
            ServerFrame.Message m = first.getValue();
            if (m.seq() > cursor && !Cursor.seen(store.batch(), m.messageId())) {
                process(m);
            }
        }
    }

    private void retryLater() {
        waiters.forEach(w -> w.completeExceptionally(blockedBy));
        waiters.clear();
        long delay = backoff.delay(retries++).toMillis();
        worker.schedule(() -> {
            blocked = false;
            sync();
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Fetches, decrypts and stores one message; false when it must be retried later. */
    private boolean process(ServerFrame.Message m) {
        Optional<byte[]> blob;
        try {
            blob = vault.getBlob(m.messageId());
        } catch (ServerException e) {
            if (e.retryable()) {
                blocked = true;
                blockedBy = new ServerException("vault", e.status(), e.code(), "message " + m.messageId()
                        + " could not be fetched and will be retried: " + e.getMessage());
                events.error(blockedBy);
                return false;
            }
            blob = Optional.empty();
        }
        User from = directory.byId(m.senderId());
        LocalStore.Batch batch = store.batch();
        if (blob.isEmpty()) {
            unreadable(batch, m, from, "the vault holds no copy of it for this device");
            return true;
        }
        ProtocolStore ps = new ProtocolStore(batch);
        SignalProtocolAddress sender = new PeerDevices(batch).address(m.senderId(), m.senderDeviceId());
        byte[] padded;
        try {
            padded = decrypt(ps, sender, blob.get());
        } catch (UntrustedIdentityException e) {
            batch.put("held/" + m.messageId(), Json.bytes(m));
            Cursor.advance(batch, m.messageId(), m.seq());
            batch.commit();
            events.identityChanged(new IdentityChangedException(peers.safetyNumbers(new ProtocolStore(store.batch()),
                    self.get(), m.senderId())));
            return true;
        } catch (Exception e) {
            batch.discard();
            new PeerDevices(batch).address(m.senderId(), m.senderDeviceId());
            unreadable(batch, m, from, "it does not decrypt (" + e.getClass().getSimpleName() + ")");
            return true;
        }
        Plaintext.Content content;
        try {
            content = Plaintext.read(padded);
        } catch (IllegalArgumentException e) {
            content = new Plaintext.Content(IncomingMessage.Kind.UNSUPPORTED, Plaintext.UNSUPPORTED, null);
        }
        IncomingMessage message = new IncomingMessage(m.messageId(), m.conversationId(), from, m.senderDeviceId(),
                m.timestamp(), m.serverTimestamp(), m.seq(), content.kind(), content.text(), content.attachment());
        History.put(batch, new HistoryEntry(m.messageId(), false, m.senderId(), m.timestamp(), content.kind(),
                content.text(), content.attachment(), "received"));
        Cursor.advance(batch, m.messageId(), m.seq());
        batch.put("pending-ack/" + m.messageId(), ByteBuffer.allocate(8).putLong(m.seq()).array());
        batch.commit();
        events.message(message);
        acknowledge(List.of(m.messageId()));
        return true;
    }

    private static byte[] decrypt(ProtocolStore ps, SignalProtocolAddress sender, byte[] blob) throws Exception {
        Envelope envelope = Envelope.parse(blob);
        SessionCipher cipher = new SessionCipher(ps, ps, ps, ps, ps, sender);
        return envelope.type() == CiphertextMessage.PREKEY_TYPE
                ? cipher.decrypt(new PreKeySignalMessage(envelope.message()))
                : cipher.decrypt(new SignalMessage(envelope.message()));
    }

    private void unreadable(LocalStore.Batch batch, ServerFrame.Message m, User from, String why) {
        History.put(batch, new HistoryEntry(m.messageId(), false, m.senderId(), m.timestamp(),
                IncomingMessage.Kind.UNSUPPORTED, "message could not be read", null, "unreadable"));
        Cursor.advance(batch, m.messageId(), m.seq());
        batch.commit();
        events.error(new BlindgateException("a message from " + from.username() + " (" + m.messageId()
                + ") could not be read: " + why + "; it was not acknowledged as delivered"));
    }

    /** {@code delivered}, then the vault copies go; the pending marks go once both happened. */
    private void acknowledge(List<UUID> ids) {
        for (int i = 0; i < ids.size(); i += Limits.MAX_MESSAGE_IDS) {
            List<UUID> chunk = ids.subList(i, Math.min(ids.size(), i + Limits.MAX_MESSAGE_IDS));
            acksInFlight++;
            connection.send(null, new ClientFrame.Delivered(List.copyOf(chunk))).thenRunAsync(() -> {
                LocalStore.Batch batch = store.batch();
                for (UUID id : chunk) {
                    try {
                        vault.deleteBlob(id);
                        batch.delete("pending-ack/" + id);
                    } catch (BlindgateException e) {
                        events.error(e); // kept pending: retried on the next connection
                    }
                }
                batch.commit();
            }, worker).whenCompleteAsync((x, e) -> {
                // a failure (not connected) leaves the marks pending: retried on the next connection
                if (--acksInFlight == 0) {
                    ackWaiters.forEach(w -> w.complete(null));
                    ackWaiters.clear();
                }
            }, worker);
        }
    }

    /** Completes when every {@code delivered} sent so far has been written (or has failed and stays pending). */
    CompletableFuture<Void> acksSent() {
        if (acksInFlight == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        ackWaiters.add(f);
        return f;
    }

    private void flushAcks() {
        List<UUID> pending = store.withPrefix("pending-ack/").keySet().stream()
                .map(k -> UUID.fromString(k.substring("pending-ack/".length()))).toList();
        if (!pending.isEmpty()) {
            acknowledge(pending);
        }
    }

    /** After the user trusted {@code user}'s new key: the messages held from it, processed now. */
    void releaseHeld(UUID user) {
        for (Map.Entry<String, byte[]> e : store.withPrefix("held/").entrySet()) {
            ServerFrame.Message m = Json.read(e.getValue(), ServerFrame.Message.class);
            if (m.senderId().equals(user)) {
                store.batch().delete(e.getKey()).commit(); // process() holds it again if still untrusted
                if (!process(m)) {
                    store.batch().put(e.getKey(), e.getValue()).commit(); // the vault is down: kept for next time
                    blocked = false;
                }
            }
        }
    }
}
