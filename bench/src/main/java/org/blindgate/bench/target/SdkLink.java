package org.blindgate.bench.target;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.blindgate.bench.load.Link;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.BlindgateException;
import org.blindgate.sdk.ClientListener;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.store.KdfParams;

/**
 * One bench user as a real SDK client: a {@link BlindgateClient} with its own encrypted store in
 * the bench JVM. {@link #send} is the SDK's whole sending path (devices lookup, libsignal encrypt
 * per recipient device, store commit, PUT to the vault, metadata frame; acked on the gateway's
 * {@code ack}); a message is received when the recipient's SDK has fetched the blob, decrypted
 * it, committed it and called {@link #onMessage}.
 *
 * <p>Message {@code counter} of pair {@code sender} is the text {@link #text}, so the recipient
 * knows what it must be and checks every character. Before a link joins a pair it greets its
 * partner both ways ({@link #greet}): the first message of each direction is the PreKey message
 * that sets the session up, and the reply acknowledges it, so the measured messages travel on
 * established Double Ratchet sessions as in a conversation (one-way traffic would keep every
 * message a PreKey message, carrying the Kyber ciphertext each time).
 */
final class SdkLink implements Link, ClientListener {

    /** Argon2id at its cheapest: opening a store is setup, never timed (the default takes 64 MiB and ~0.3 s). */
    static final KdfParams SETUP_KDF = new KdfParams(64, 1, 1);

    private static final String PREFIX = "e2e ";
    private static final String GREETING = "hello";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BlindgateClient client;
    private final int textChars;
    private final CompletableFuture<Void> greeted = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile UUID userId;
    private volatile UUID partner;
    private volatile Link.Listener listener;
    private volatile boolean connected;

    private SdkLink(URI gateway, URI vault, Path store, int textChars) {
        this.textChars = textChars;
        this.client = BlindgateClient.builder().gateway(gateway).vault(vault)
                .store(store, ("bench store " + store.getFileName()).toCharArray()).kdf(SETUP_KDF)
                .deviceName("bench").listener(this).build();
    }

    /** A new store at {@code store} and a new account {@code username} with this device as its first. */
    static SdkLink register(URI gateway, URI vault, Path store, String username, String password, int textChars) {
        SdkLink link = new SdkLink(gateway, vault, store, textChars);
        try {
            link.userId = link.client.register(username, password).userId();
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    UUID userId() {
        return userId;
    }

    boolean connected() {
        return connected;
    }

    /** Opens the WebSocket and returns once caught up. */
    void connect() {
        BlindgateClient.await(client.connect(), WAIT);
        connected = true;
    }

    /**
     * Sets up the session with {@code other} in both directions (a PreKey message each way, each
     * waited for): after this, both ends have a session the other has acknowledged.
     */
    void greet(SdkLink other) {
        BlindgateClient.await(client.send(other.userId, GREETING), WAIT);
        BlindgateClient.await(other.greeted, WAIT);
        BlindgateClient.await(other.client.send(userId, GREETING), WAIT);
        BlindgateClient.await(greeted, WAIT);
    }

    /** Joins a pair: from now on this link sends to {@code partner} and reports to {@code listener}. */
    void attach(UUID partner, Link.Listener listener) {
        this.partner = partner;
        this.listener = listener;
    }

    /** The text of message {@code counter} of pair {@code sender}, {@code textChars} long (at least its header). */
    String text(int sender, long counter) {
        StringBuilder sb = new StringBuilder(textChars).append(PREFIX).append(sender).append(' ').append(counter)
                .append(' ');
        while (sb.length() < textChars) {
            sb.append((char) ('a' + (sb.length() + counter) % 26));
        }
        return sb.toString();
    }

    @Override
    public void send(int sender, long counter) {
        Link.Listener l = listener;
        client.send(partner, text(sender, counter)).whenComplete((sent, e) -> {
            if (e == null) {
                l.acked(sender, counter);
            } else {
                l.problem("message " + counter + " was not sent: " + describe(e));
            }
        });
    }

    @Override
    public void onMessage(IncomingMessage message) {
        String text = message.text();
        Link.Listener l = listener;
        if (l == null || text == null || !text.startsWith(PREFIX)) {
            if (GREETING.equals(text)) {
                greeted.complete(null);
            } else if (l != null) {
                l.problem("an unexpected message arrived: " + message.kind() + " " + abbreviate(text));
            }
            return;
        }
        String[] f = text.split(" ", 4);
        int sender;
        long counter;
        try {
            sender = Integer.parseInt(f[1]);
            counter = Long.parseLong(f[2]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            l.problem("a message arrived with an unreadable header: " + abbreviate(text));
            return;
        }
        if (!text.equals(text(sender, counter))) {
            l.problem("message " + counter + " of pair " + sender + " arrived with another text: " + abbreviate(text));
        }
        l.received(sender, counter, message.seq());
    }

    @Override
    public void onError(BlindgateException error) {
        Link.Listener l = listener;
        if (l != null && !closed.get()) {
            l.problem("the SDK reported: " + error.getMessage());
        }
    }

    /** What an SDK future failed with, in one line. */
    private static String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static String abbreviate(String text) {
        return text == null ? "(no text)" : text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Closes the client (its connection, threads and store); safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }
}
