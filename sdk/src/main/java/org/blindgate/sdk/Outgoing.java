package org.blindgate.sdk;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.blindgate.protocol.AckStatus;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.ServerFrame;
import org.blindgate.sdk.crypto.Envelope;
import org.blindgate.sdk.crypto.ProtocolStore;
import org.blindgate.sdk.store.LocalStore;
import org.blindgate.sdk.transport.Connection;
import org.blindgate.sdk.vault.VaultClient;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.UntrustedIdentityException;

/**
 * Sending (PROTOCOL.md §5 steps 1-3), on the client's worker thread: encrypt once per recipient
 * device, store the ciphertexts in the {@link Outbox} with the history entry (one commit), upload
 * each to the vault, and only then send the one metadata frame; the send completes on the
 * gateway's {@code ack}. A failed upload ends the send with its error and no frame is ever sent.
 * While the connection is down the frame waits in the outbox and goes out on reconnect.
 */
final class Outgoing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalStore store;
    private final VaultClient vault;
    private final Peers peers;
    private final Connection connection;
    private final ScheduledExecutorService worker;
    private final Clock clock;
    private final Supplier<Account> self;
    private final Events events;
    private final Map<UUID, CompletableFuture<SentMessage>> waiting = new ConcurrentHashMap<>();

    Outgoing(LocalStore store, VaultClient vault, Peers peers, Connection connection, ScheduledExecutorService worker,
            Clock clock, Supplier<Account> self, Events events) {
        this.store = store;
        this.vault = vault;
        this.peers = peers;
        this.connection = connection;
        this.worker = worker;
        this.clock = clock;
        this.self = self;
        this.events = events;
    }

    /** Encrypts {@code padded} for every device of {@code recipient} and sends it; on the worker. */
    CompletableFuture<SentMessage> send(UUID recipient, MessageType type, byte[] padded, HistoryEntry.Draft draft) {
        CompletableFuture<SentMessage> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                Outbox entry = encrypt(recipient, type, padded, draft);
                waiting.put(entry.messageId(), done);
                upload(entry);
            } catch (BlindgateException e) {
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                done.completeExceptionally(new BlindgateException("the message could not be sent: " + e, e));
            }
        });
        return done;
    }

    private Outbox encrypt(UUID recipient, MessageType type, byte[] padded, HistoryEntry.Draft draft) {
        Account me = self.get();
        if (recipient.equals(me.userId())) {
            throw new BlindgateException("you cannot send a message to yourself");
        }
        LocalStore.Batch batch = store.batch();
        ProtocolStore ps = new ProtocolStore(batch);
        Map<UUID, byte[]> blobs = new LinkedHashMap<>();
        for (Peers.Target t : peers.sessions(ps, me, recipient)) {
            try {
                blobs.put(t.deviceId(), Envelope.of(new SessionCipher(ps, ps, ps, ps, ps, t.address())
                        .encrypt(padded, clock.instant())).bytes());
            } catch (NoSessionException | UntrustedIdentityException e) {
                throw new IllegalStateException("a session checked a moment ago is gone", e);
            }
        }
        UUID messageId = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Outbox entry = new Outbox(messageId, recipient, type, now, sessionId(batch, recipient), blobs, false);
        entry.write(batch);
        History.put(batch, draft.entry(messageId, recipient, now));
        batch.commit();
        return entry;
    }

    /**
     * The opaque {@code sessionId} of the frame (PROTOCOL.md §2.1): a random reference per peer,
     * stored with the peer, so it tells the gateway nothing it does not already know.
     */
    private static String sessionId(LocalStore.Batch batch, UUID peer) {
        String name = "peer/" + peer + "/session-id";
        byte[] id = batch.get(name);
        if (id == null) {
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            id = Base64.getUrlEncoder().withoutPadding().encode(random);
            batch.put(name, id);
        }
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void upload(Outbox entry) {
        try {
            entry.blobs().forEach((device, blob) -> vault.putBlob(entry.messageId(), entry.recipientId(), device, blob));
        } catch (BlindgateException e) {
            LocalStore.Batch batch = store.batch();
            Outbox.remove(batch, entry.messageId());
            History.status(batch, List.of(entry.messageId()), "failed");
            batch.commit();
            fail(entry.messageId(), e);
            return;
        }
        Outbox uploaded = entry.asUploaded();
        LocalStore.Batch batch = store.batch();
        uploaded.write(batch);
        batch.commit();
        dispatch(uploaded);
    }

    /** Sends the frame of an uploaded entry if connected; otherwise it waits for {@link #resend()}. */
    private void dispatch(Outbox e) {
        if (!connection.isOpen()) {
            return;
        }
        connection.send(e.messageId().toString(), new ClientFrame.Message(e.messageId(), e.recipientId(), null,
                e.timestamp(), e.sessionId(), e.messageType())).exceptionally(x -> null); // resent on reconnect
    }

    /** After (re)connecting: every unacknowledged message again, uploads first where they did not finish. */
    void resend() {
        for (Outbox e : Outbox.all(store)) {
            if (e.uploaded()) {
                dispatch(e);
            } else {
                upload(e);
            }
        }
    }

    void acked(ServerFrame.Ack ack) {
        Outbox e = Outbox.get(store, ack.messageId());
        LocalStore.Batch batch = store.batch();
        Outbox.remove(batch, ack.messageId());
        History.status(batch, List.of(ack.messageId()), "sent");
        batch.commit();
        CompletableFuture<SentMessage> f = waiting.remove(ack.messageId());
        if (f != null) {
            f.complete(new SentMessage(ack.messageId(), e == null ? null : e.recipientId(), ack.conversationId(),
                    ack.serverTimestamp(), ack.status() == AckStatus.DUPLICATE));
        }
    }

    /** The gateway refused a message frame ({@code requestId} is its messageId). */
    void refused(UUID messageId, ServerFrame.Error error) {
        if (error.code() == ErrorCode.UNAVAILABLE) {
            // "resend the message (it is idempotent by messageId)": the outbox still has it
            worker.schedule(() -> {
                Outbox e = Outbox.get(store, messageId);
                if (e != null) {
                    dispatch(e);
                }
            }, 2, TimeUnit.SECONDS);
            return;
        }
        LocalStore.Batch batch = store.batch();
        Outbox.remove(batch, messageId);
        History.status(batch, List.of(messageId), "failed");
        batch.commit();
        ServerException e = new ServerException("gateway", 0, error.code().wire(),
                "the gateway refused the message: " + error.message());
        if (!fail(messageId, e)) {
            events.error(e);
        }
    }

    boolean waitingFor(UUID messageId) {
        return waiting.containsKey(messageId) || Outbox.get(store, messageId) != null;
    }

    private boolean fail(UUID messageId, BlindgateException e) {
        CompletableFuture<SentMessage> f = waiting.remove(messageId);
        return f != null && f.completeExceptionally(e);
    }

    /** Fails every waiting send (the client is closing); their outbox entries stay for the next start. */
    void abandon(BlindgateException why) {
        waiting.values().forEach(f -> f.completeExceptionally(why));
        waiting.clear();
    }
}
