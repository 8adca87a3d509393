package org.blindgate.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.BlindgateException;
import org.blindgate.sdk.ClientListener;
import org.blindgate.sdk.ConnectionState;
import org.blindgate.sdk.IdentityChangedException;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.Receipt;
import org.blindgate.sdk.SentMessage;
import org.blindgate.sdk.store.KdfParams;
import org.blindgate.sdk.transport.Backoff;

/**
 * One client device under test: a real {@link BlindgateClient} with its own store, and everything
 * its listener was told, recorded in order.
 */
final class Device implements ClientListener, AutoCloseable {

    /** Argon2id at its cheapest: tests open many stores. */
    static final KdfParams TEST_KDF = new KdfParams(64, 1, 1);
    static final Duration WAIT = Duration.ofSeconds(30);

    final Path store;
    final BlindgateClient client;
    final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
    final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    final List<IdentityChangedException> identityChanges = new CopyOnWriteArrayList<>();
    final List<BlindgateException> errors = new CopyOnWriteArrayList<>();
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    private Device(URI gateway, URI vault, Path store, String passphrase, Clock clock) {
        this.store = store;
        this.client = BlindgateClient.builder().gateway(gateway).vault(vault).store(store, passphrase.toCharArray())
                .kdf(TEST_KDF).clock(clock).backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                .listener(this).build();
    }

    /** A device with a new store, talking to the servers directly. */
    static Device create(Servers servers, String name) {
        return open(servers, servers.newStoreDir(name), "pass " + name);
    }

    static Device open(Servers servers, Path store, String passphrase) {
        return new Device(servers.gatewayUrl(), servers.vaultUrl(), store, passphrase, Clock.systemUTC());
    }

    /** A device whose gateway URL is {@code gateway} (a recording proxy). */
    static Device via(URI gateway, Servers servers, String name, Clock clock) {
        return new Device(gateway, servers.vaultUrl(), servers.newStoreDir(name), "pass " + name, clock);
    }

    /** A new user with this device as its first: registered, logged in and connected. */
    static Device registered(Servers servers, String name) {
        Device d = create(servers, name);
        d.client.register(name, "password of " + name);
        d.connect();
        return d;
    }

    void connect() {
        BlindgateClient.await(client.connect(), WAIT);
    }

    SentMessage send(String username, String text) {
        return BlindgateClient.await(client.send(username, text), WAIT);
    }

    CompletableFuture<SentMessage> sendAsync(String username, String text) {
        return client.send(username, text);
    }

    List<String> texts() {
        return messages.stream().map(IncomingMessage::text).toList();
    }

    @Override
    public void onMessage(IncomingMessage message) {
        messages.add(message);
    }

    @Override
    public void onReceipt(Receipt receipt) {
        receipts.add(receipt);
    }

    @Override
    public void onIdentityChanged(IdentityChangedException change) {
        identityChanges.add(change);
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        states.add(state);
    }

    @Override
    public void onError(BlindgateException error) {
        errors.add(error);
    }

    @Override
    public void close() {
        client.close();
    }
}
