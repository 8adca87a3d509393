package org.blindgate.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.Limits;
import org.blindgate.protocol.MessageType;
import org.blindgate.protocol.Outbound;
import org.blindgate.protocol.ReceiptStatus;
import org.blindgate.protocol.ServerFrame;
import org.blindgate.sdk.crypto.AttachmentCipher;
import org.blindgate.sdk.crypto.PeerDevices;
import org.blindgate.sdk.crypto.Plaintext;
import org.blindgate.sdk.crypto.PreKeys;
import org.blindgate.sdk.crypto.ProtocolStore;
import org.blindgate.sdk.store.KdfParams;
import org.blindgate.sdk.store.LocalStore;
import org.blindgate.sdk.transport.AuthSession;
import org.blindgate.sdk.transport.Backoff;
import org.blindgate.sdk.transport.Connection;
import org.blindgate.sdk.transport.GatewayApi;
import org.blindgate.sdk.transport.Http;
import org.blindgate.sdk.transport.LoginResult;
import org.blindgate.sdk.vault.KeyUpload;
import org.blindgate.sdk.vault.VaultClient;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * A Blindgate client: one device of one user, its keys and history in an encrypted local store,
 * talking to a gateway (metadata, WebSocket) and a vault (ciphertext, prekeys) as PROTOCOL.md
 * says. Messages are end-to-end encrypted with Signal's libsignal (PQXDH with Kyber prekeys, then
 * the Double Ratchet), once per recipient device.
 *
 * <pre>{@code
 * try (BlindgateClient client = BlindgateClient.builder()
 *         .gateway(URI.create("http://127.0.0.1:8080")).vault(URI.create("http://127.0.0.1:8081"))
 *         .store(Path.of("alice-store"), passphrase).listener(myListener).build()) {
 *     client.login("alice", password);           // or register(...) the first time
 *     client.connect().get(30, SECONDS);          // caught up; new messages go to the listener
 *     client.send("bob", "hello").get(30, SECONDS);
 * }
 * }</pre>
 *
 * <p>Threads: the client does its work on one internal thread, which also calls the
 * {@link ClientListener}; the blocking methods here may be called from any thread, the listener
 * included. Errors are {@link BlindgateException}s, thrown, or failing the returned futures
 * (unwrapped by {@link #await}), or reported to {@link ClientListener#onError}.
 */
public final class BlindgateClient implements AutoCloseable {

    private final ClientOptions options;
    private final LocalStore store;
    private final ScheduledExecutorService worker;
    private final ScheduledExecutorService timer;
    private final Thread workerThread;
    private final Events events;
    private final GatewayApi gateway;
    private final VaultClient vault;
    private final AuthSession auth;
    private final Connection connection;
    private final Directory directory;
    private final Peers peers;
    private final Outgoing outgoing;
    private final Incoming incoming;
    private volatile Account account;

    private BlindgateClient(ClientOptions options) {
        this.options = options;
        char[] passphrase = options.passphrase();
        try {
            this.store = LocalStore.open(options.store(), passphrase, options.kdf());
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
        Thread[] holder = new Thread[1];
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blindgate-client");
            t.setDaemon(true);
            holder[0] = t;
            return t;
        });
        try {
            worker.submit(() -> { }).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        this.workerThread = holder[0];
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blindgate-timer");
            t.setDaemon(true);
            return t;
        });
        this.events = new Events(options.listener());
        HttpClient http = Http.newClient();
        this.gateway = new GatewayApi(new Http("gateway", options.gateway(), http, null));
        this.auth = new AuthSession(gateway, options.clock(), timer, new TokenEvents());
        GatewayApi authed = new GatewayApi(new Http("gateway", options.gateway(), http, auth));
        this.vault = new VaultClient(new Http("vault", options.vault(), http, auth));
        this.connection = new Connection(options.webSocket(), http, auth, new ConnectionEvents(), timer,
                options.backoff());
        this.directory = new Directory(authed, store);
        this.peers = new Peers(vault, directory);
        this.outgoing = new Outgoing(store, vault, peers, connection, worker, options.clock(), this::requireAccount,
                events);
        this.incoming = new Incoming(store, vault, directory, peers, connection, worker, this::requireAccount, events,
                options.backoff());
        AccountRecord saved = AccountRecord.read(store);
        if (saved != null) {
            account = saved.account();
            if (saved.refreshToken() != null) {
                auth.resume(saved.refreshToken());
            }
        }
        timer.scheduleAtFixedRate(() -> worker.execute(this::maintainQuietly), 6, 6, TimeUnit.HOURS);
    }

    /** A builder; gateway, vault and store are required. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ account

    /**
     * Creates the account {@code username} and logs this device in as its first device.
     *
     * @throws AuthException if the name is taken or the name or password has the wrong form
     */
    public Account register(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        AccountRecord saved = AccountRecord.read(store);
        if (saved != null) {
            throw new AuthException("this store already belongs to '" + saved.username()
                    + "'; use another store directory for a new account");
        }
        gateway.register(username, password);
        return login(username, password);
    }

    /**
     * Logs in: this store's device again, or, with a new store, a new device of the user (whose
     * history starts now: older messages were never encrypted for it). Sets up or refreshes this
     * device's keys in the vault.
     *
     * @throws AuthException if the password is wrong or the store belongs to another user
     */
    public Account login(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return onWorker(() -> {
            AccountRecord saved = AccountRecord.read(store);
            if (saved != null && !saved.username().equals(username)) {
                throw new AuthException("this store belongs to '" + saved.username() + "'; use another store"
                        + " directory for '" + username + "'");
            }
            LoginResult r = gateway.login(username, password, options.deviceName(),
                    saved == null ? null : saved.deviceId());
            LocalStore.Batch batch = store.batch();
            AccountRecord record = new AccountRecord(r.userId(), username, r.deviceId(), r.refreshToken());
            record.write(batch);
            if (saved == null) {
                Cursor.set(batch, r.lastSeq());
            }
            KeyUpload keys = new PreKeys(new ProtocolStore(batch), options.clock()).setUp();
            batch.commit(); // keys are stored before the vault may hand them out
            account = record.account();
            auth.start(r);
            vault.putKeys(keys);
            return account;
        });
    }

    /** Ends this device's session at the gateway; keys and history stay, and {@link #login} resumes the same device. */
    public void logout() {
        disconnect();
        onWorker(() -> {
            AccountRecord saved = AccountRecord.read(store);
            String token = auth.refreshToken();
            auth.end();
            if (saved != null) {
                LocalStore.Batch batch = store.batch();
                saved.withRefreshToken(null).write(batch);
                batch.commit();
            }
            if (token != null) {
                gateway.logout(token);
            }
            return null;
        });
    }

    /** The account this store belongs to, if it has logged in once. */
    public java.util.Optional<Account> account() {
        return java.util.Optional.ofNullable(account);
    }

    /** Whether this device has a session (it has logged in and not out). */
    public boolean isLoggedIn() {
        return auth.active();
    }

    private Account requireAccount() {
        Account a = account;
        if (a == null || !auth.active()) {
            throw new AuthException("not logged in: register or log in first");
        }
        return a;
    }

    // ------------------------------------------------------------------ users

    /**
     * The user named {@code username}.
     *
     * @throws UserNotFoundException if there is none
     */
    public User lookup(String username) {
        requireAccount();
        return directory.byName(username);
    }

    /** The user with this id (the id as its name when the gateway does not know it). */
    public User user(UUID userId) {
        requireAccount();
        return directory.byId(userId);
    }

    // ------------------------------------------------------------------ connection

    /**
     * Connects to the gateway (reconnecting by itself after any loss until {@link #disconnect()}),
     * sends what waits in the outbox and catches up with {@code sync}. New messages then arrive
     * live at the listener. Also runs key maintenance ({@link #maintainKeys()}).
     *
     * @return completes when this device has caught up; fails if a message could not be fetched
     *         (the client keeps retrying in the background)
     */
    public CompletableFuture<Void> connect() {
        requireAccount();
        CompletableFuture<Void> caughtUp = onWorker(() -> {
            CompletableFuture<Void> f = incoming.caughtUp();
            if (connection.isOpen()) {
                incoming.opened();
            } else {
                events.state(ConnectionState.CONNECTING);
                connection.start();
            }
            return f;
        });
        worker.execute(this::maintainQuietly);
        return caughtUp;
    }

    /** Closes the connection; sends wait in the outbox until the next {@link #connect()}. */
    public void disconnect() {
        connection.stop();
        worker.execute(() -> {
            incoming.closed();
            events.state(ConnectionState.OFFLINE);
        });
    }

    /** The connection's state now. */
    public ConnectionState connectionState() {
        return events.state();
    }

    /**
     * Connects, fetches and processes everything that arrived while offline, disconnects, and
     * returns those messages (also given to the listener): the non-interactive "inbox".
     *
     * @throws ServerException if the servers cannot be reached or did not answer within {@code timeout}
     */
    public List<IncomingMessage> inbox(Duration timeout) {
        List<IncomingMessage> got = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.function.Consumer<IncomingMessage> tap = got::add;
        events.tap(tap);
        try {
            await(connect(), timeout);
            await(onWorker(incoming::acksSent), timeout);
        } finally {
            disconnect();
            events.untap(tap);
        }
        synchronized (got) {
            return List.copyOf(got);
        }
    }

    // ------------------------------------------------------------------ messages

    /** Looks up {@code username} and sends it {@code text}; see {@link #send(UUID, String)}. */
    public CompletableFuture<SentMessage> send(String username, String text) {
        return send(lookup(username).userId(), text);
    }

    /**
     * Sends {@code text} to every device of {@code recipient}: encrypted per device, uploaded to the
     * vault, then one metadata frame to the gateway.
     *
     * @return completes when the gateway has acknowledged it (durably stored); while disconnected it
     *         waits in the outbox. Fails with {@link IdentityChangedException} when a recipient
     *         device's key changed, {@link UserNotFoundException} when the recipient has no device,
     *         {@link ServerException} when an upload or the gateway refused it (then nothing was sent)
     */
    public CompletableFuture<SentMessage> send(UUID recipient, String text) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
        requireAccount();
        return outgoing.send(recipient, MessageType.TEXT, Plaintext.text(text),
                new HistoryEntry.Draft(IncomingMessage.Kind.TEXT, text, null));
    }

    /**
     * Sends a file: encrypted here with AES-256-GCM under a new key, streamed to the vault's
     * attachment store, then announced (with its key) in a Signal message ({@code messageType}
     * {@code image}, {@code video}, {@code audio} or {@code file} by its MIME type).
     *
     * @param mime    its MIME type, or null to guess from the file name
     * @param caption text shown with it, or null
     */
    public CompletableFuture<SentMessage> sendAttachment(UUID recipient, Path file, String mime, String caption) {
        Objects.requireNonNull(recipient, "recipient");
        requireAccount();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return CompletableFuture.failedFuture(new BlindgateException("cannot read the file " + file));
        }
        String type = mime != null ? mime : guessMime(file);
        return CompletableFuture.supplyAsync(() -> uploadAttachment(file, type, caption), timer)
                .thenCompose(a -> outgoing.send(recipient, messageType(type), Plaintext.attachment(a),
                        new HistoryEntry.Draft(IncomingMessage.Kind.ATTACHMENT, caption, a)));
    }

    private Attachment uploadAttachment(Path file, String mime, String caption) {
        Path encrypted = null;
        try {
            encrypted = Files.createTempFile("blindgate-upload-", ".bin");
            AttachmentCipher.Sealed sealed = AttachmentCipher.encrypt(file, encrypted);
            UUID id = UUID.randomUUID();
            vault.putAttachment(id, encrypted);
            return new Attachment(id, sealed.key(), sealed.sha256(), sealed.size(), mime,
                    file.getFileName().toString(), caption);
        } catch (IOException e) {
            throw new BlindgateException("cannot encrypt " + file + ": " + e.getMessage(), e);
        } finally {
            if (encrypted != null) {
                try {
                    Files.deleteIfExists(encrypted);
                } catch (IOException ignored) {
                    // a temporary file of ciphertext; the system's temp cleaning takes it
                }
            }
        }
    }

    private static String guessMime(Path file) {
        try {
            String probed = Files.probeContentType(file);
            return probed != null ? probed : "application/octet-stream";
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    private static MessageType messageType(String mime) {
        if (mime.startsWith("image/")) {
            return MessageType.IMAGE;
        }
        if (mime.startsWith("video/")) {
            return MessageType.VIDEO;
        }
        if (mime.startsWith("audio/")) {
            return MessageType.AUDIO;
        }
        return MessageType.FILE;
    }

    /**
     * Downloads a received attachment, checks its digest, decrypts it and writes it to
     * {@code target} (replaced), which appears only once the whole file has verified.
     *
     * @throws BlindgateException if it was tampered with or cannot be written
     */
    public void saveAttachment(Attachment attachment, Path target) {
        requireAccount();
        Path stored = null;
        try {
            stored = Files.createTempFile("blindgate-download-", ".bin");
            vault.getAttachment(attachment.attachmentId(), stored);
            AttachmentCipher.decrypt(stored, attachment.key(), attachment.sha256(), target);
        } catch (SecurityException e) {
            throw new BlindgateException("attachment " + attachment.name() + " was not saved: " + e.getMessage());
        } catch (IOException e) {
            throw new BlindgateException("cannot save attachment " + attachment.name() + " to " + target + ": "
                    + e.getMessage(), e);
        } finally {
            if (stored != null) {
                try {
                    Files.deleteIfExists(stored);
                } catch (IOException ignored) {
                    // ciphertext only
                }
            }
        }
    }

    /**
     * Tells the senders that these received messages were read (the second tick).
     *
     * @return completes when sent; fails when not connected
     */
    public CompletableFuture<Void> markRead(Collection<UUID> messageIds) {
        List<UUID> ids = List.copyOf(messageIds);
        requireAccount();
        return onWorker(() -> {
            LocalStore.Batch batch = store.batch();
            History.status(batch, ids, "read");
            batch.commit();
            CompletableFuture<?>[] sent = new CompletableFuture<?>[(ids.size() + Limits.MAX_MESSAGE_IDS - 1)
                    / Limits.MAX_MESSAGE_IDS];
            for (int i = 0; i < ids.size(); i += Limits.MAX_MESSAGE_IDS) {
                sent[i / Limits.MAX_MESSAGE_IDS] = connection.send(null,
                        new ClientFrame.Read(ids.subList(i, Math.min(ids.size(), i + Limits.MAX_MESSAGE_IDS))));
            }
            return CompletableFuture.allOf(sent);
        });
    }

    /** The conversation with {@code peer} from the local history, oldest first, at most {@code limit} entries. */
    public List<HistoryEntry> history(UUID peer, int limit) {
        return History.with(store, peer, limit);
    }

    // ------------------------------------------------------------------ identities and keys

    /**
     * The safety numbers with every device of {@code user}, to compare out of band. Starts sessions
     * first if there are none yet (fetching the user's key bundles), so they can be checked before
     * the first message.
     */
    public SafetyNumbers safetyNumbers(UUID user) {
        Account me = requireAccount();
        return onWorker(() -> {
            LocalStore.Batch batch = store.batch();
            ProtocolStore ps = new ProtocolStore(batch);
            if (new PeerDevices(batch).of(user).isEmpty()) {
                try {
                    peers.sessions(ps, me, user);
                } catch (IdentityChangedException e) {
                    return e.safetyNumbers();
                }
                batch.commit();
            }
            return peers.safetyNumbers(ps, me, user);
        });
    }

    /**
     * The user compared the safety numbers of {@code user} and accepts the changed keys: they become
     * trusted, sending resumes, and the messages held from those devices are decrypted and delivered.
     *
     * @return the numbers now trusted
     */
    public SafetyNumbers trust(UUID user) {
        Account me = requireAccount();
        return onWorker(() -> {
            LocalStore.Batch batch = store.batch();
            ProtocolStore ps = new ProtocolStore(batch);
            new PeerDevices(batch).of(user).values()
                    .forEach(n -> ps.approve(new SignalProtocolAddress(user.toString(), n)));
            batch.commit();
            incoming.releaseHeld(user);
            return peers.safetyNumbers(new ProtocolStore(store.batch()), me, user);
        });
    }

    /**
     * Key upkeep, run by {@link #connect()} and every 6 hours: rotates the signed and Kyber prekeys
     * when they are 7 days old (keeping the old ones 30 days), and uploads a new batch of one-time
     * prekeys when the vault holds fewer than 20.
     */
    public void maintainKeys() {
        requireAccount();
        onWorker(() -> {
            LocalStore.Batch batch = store.batch();
            PreKeys keys = new PreKeys(new ProtocolStore(batch), options.clock());
            KeyUpload rotated = keys.rotateIfDue();
            batch.commit();
            if (rotated != null) {
                vault.putKeys(rotated);
            }
            if (vault.oneTimeKeyCount() < PreKeys.LOW_WATER) {
                KeyUpload more = keys.replenish();
                batch.commit();
                vault.putKeys(more);
            }
            return null;
        });
    }

    private void maintainQuietly() {
        if (account == null || !auth.active()) {
            return;
        }
        try {
            maintainKeys();
        } catch (BlindgateException e) {
            events.error(e);
        }
    }

    // ------------------------------------------------------------------ plumbing

    /** Closes the connection, the store and the client's threads; unacknowledged sends stay in the outbox. */
    @Override
    public void close() {
        connection.stop();
        outgoing.abandon(new BlindgateException("the client was closed before the gateway acknowledged the message;"
                + " it is resent at the next connect"));
        timer.shutdownNow();
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
        store.close();
    }

    /**
     * Waits for a future of this client and returns its value, throwing its
     * {@link BlindgateException} itself rather than wrapped.
     *
     * @throws ServerException if it does not complete within {@code timeout}
     */
    public static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BlindgateException b) {
                throw b;
            }
            throw new BlindgateException("failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ServerException("gateway", 0, ServerException.UNREACHABLE,
                    "no answer within " + timeout.toSeconds() + " s; is the gateway reachable?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlindgateException("interrupted", e);
        }
    }

    /** Runs {@code task} on the worker (directly when already on it) and returns its result. */
    private <T> T onWorker(Callable<T> task) {
        if (Thread.currentThread() == workerThread) {
            try {
                return task.call();
            } catch (BlindgateException | IllegalArgumentException e) {
                throw e;
            } catch (Exception e) {
                throw new BlindgateException("failed: " + e, e);
            }
        }
        try {
            return worker.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BlindgateException b) {
                throw b;
            }
            if (e.getCause() instanceof IllegalArgumentException i) {
                throw i;
            }
            throw new BlindgateException("failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlindgateException("interrupted", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new BlindgateException("the client is closed");
        }
    }

    private void route(Outbound o) {
        ServerFrame f = o.frame();
        if (f instanceof ServerFrame.Ack a) {
            outgoing.acked(a);
        } else if (f instanceof ServerFrame.Message m) {
            incoming.message(m);
        } else if (f instanceof ServerFrame.SyncDone d) {
            incoming.syncDone(d);
        } else if (f instanceof ServerFrame.Receipt r) {
            LocalStore.Batch batch = store.batch();
            History.status(batch, r.messageIds(), r.status() == ReceiptStatus.READ ? "read" : "delivered");
            batch.commit();
            events.receipt(new Receipt(r.messageIds(),
                    r.status() == ReceiptStatus.READ ? Receipt.Status.READ : Receipt.Status.DELIVERED, r.by(), r.at()));
        } else if (f instanceof ServerFrame.Error e) {
            refused(o.requestId(), e);
        }
        // pong, presence, typing and calls: nothing to do in this version
    }

    private void refused(String requestId, ServerFrame.Error e) {
        if (requestId != null && requestId.startsWith("sync-")) {
            incoming.syncRefused(e);
            return;
        }
        if (requestId != null && requestId.length() == 36) {
            try {
                UUID id = UUID.fromString(requestId);
                if (outgoing.waitingFor(id)) {
                    outgoing.refused(id, e);
                    return;
                }
            } catch (IllegalArgumentException notAMessageId) {
                // another request's id: reported below
            }
        }
        events.error(new ServerException("gateway", 0, e.code().wire(), "the gateway refused a frame: " + e.message()));
    }

    /** What the connection reports, moved onto the worker. */
    private final class ConnectionEvents implements Connection.Handler {
        @Override
        public void opened() {
            worker.execute(() -> {
                incoming.opened();
                outgoing.resend();
            });
        }

        @Override
        public void received(Outbound frame) {
            worker.execute(() -> route(frame));
        }

        @Override
        public void closed(boolean reconnecting, BlindgateException why) {
            worker.execute(() -> {
                incoming.closed();
                events.state(reconnecting ? ConnectionState.CONNECTING : ConnectionState.OFFLINE);
                if (why != null) {
                    events.error(why);
                }
            });
        }
    }

    /** Token changes: the refresh token persisted, the access token pushed to the open socket. */
    private final class TokenEvents implements AuthSession.Listener {
        @Override
        public void rotated(String refreshToken) {
            AccountRecord saved = AccountRecord.read(store);
            if (saved != null) {
                LocalStore.Batch batch = store.batch();
                saved.withRefreshToken(refreshToken).write(batch);
                batch.commit();
            }
        }

        @Override
        public void renewed(String accessToken) {
            if (connection.isOpen()) {
                connection.send(null, new ClientFrame.AuthRefresh(accessToken)).exceptionally(e -> null);
            }
        }

        @Override
        public void failed(BlindgateException e) {
            worker.execute(() -> events.error(e));
        }
    }

    /** Builds a {@link BlindgateClient}; see {@link ClientOptions} for what each setting means. */
    public static final class Builder {
        private URI gateway;
        private URI vault;
        private Path store;
        private char[] passphrase;
        private String deviceName = "blindgate-java";
        private KdfParams kdf = KdfParams.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Backoff backoff = Backoff.DEFAULT;
        private ClientListener listener = new ClientListener() { };

        private Builder() {
        }

        /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
        public Builder gateway(URI url) {
            this.gateway = url;
            return this;
        }

        /** The vault's base URL, e.g. {@code http://127.0.0.1:8081}. */
        public Builder vault(URI url) {
            this.vault = url;
            return this;
        }

        /** The store directory and its passphrase (copied; clear your array afterwards). */
        public Builder store(Path directory, char[] passphrase) {
            this.store = directory;
            this.passphrase = passphrase == null ? null : passphrase.clone();
            return this;
        }

        /** The name a new device registers with. */
        public Builder deviceName(String name) {
            this.deviceName = name;
            return this;
        }

        /** Argon2id cost for a new store (tests lower it). */
        public Builder kdf(KdfParams kdf) {
            this.kdf = kdf;
            return this;
        }

        /** The clock for key rotation and token renewal. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Reconnect delays. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** What the application is told. */
        public Builder listener(ClientListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Checks the settings and opens the store (creating it when missing).
         *
         * @throws IllegalArgumentException  for a missing or malformed setting
         * @throws WrongPassphraseException  if the passphrase does not open the store (nothing changed)
         * @throws StoreException            if the store cannot be opened
         */
        public BlindgateClient build() {
            ClientOptions options = new ClientOptions(gateway, vault, store, passphrase, deviceName, kdf, clock,
                    backoff, listener);
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
            return new BlindgateClient(options);
        }
    }
}
