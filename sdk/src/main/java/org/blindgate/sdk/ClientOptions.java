package org.blindgate.sdk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import org.blindgate.sdk.store.KdfParams;
import org.blindgate.sdk.transport.Backoff;

/**
 * How a {@link BlindgateClient} is set up; built with {@link BlindgateClient#builder()} and checked
 * once, with a sentence naming what is wrong.
 *
 * @param gateway    the gateway's base URL, {@code http(s)://host:port}; the WebSocket is
 *                   {@code ws(s)://host:port/v1/ws}
 * @param vault      the vault's base URL
 * @param store      the directory of this device's encrypted store (created when missing)
 * @param passphrase the store's passphrase; {@link #toString()} never shows it
 * @param deviceName the name a new device registers with (shown in the user's device list)
 * @param kdf        Argon2id cost for a new store
 * @param clock      time for key rotation and token renewal (tests move it)
 * @param backoff    reconnect delays
 * @param listener   what the application is told
 */
public record ClientOptions(URI gateway, URI vault, Path store, char[] passphrase, String deviceName, KdfParams kdf,
        Clock clock, Backoff backoff, ClientListener listener) {

    public ClientOptions {
        requireHttp(gateway, "gateway");
        requireHttp(vault, "vault");
        if (store == null) {
            throw new IllegalArgumentException("a store directory is required");
        }
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("a store passphrase is required");
        }
        passphrase = passphrase.clone();
        if (deviceName == null || deviceName.isBlank() || deviceName.length() > 64
                || deviceName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the device name must be 1-64 printable characters");
        }
        Objects.requireNonNull(kdf, "kdf");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(listener, "listener");
    }

    private static void requireHttp(URI uri, String what) {
        if (uri == null) {
            throw new IllegalArgumentException("the " + what + " URL is required");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the " + what + " URL must be http(s)://host:port, was " + uri);
        }
    }

    /** The WebSocket URL: the gateway's, with {@code ws}/{@code wss} and path {@code /v1/ws}. */
    public URI webSocket() {
        String scheme = "https".equals(gateway.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + gateway.getRawAuthority() + "/v1/ws");
    }

    @Override
    public char[] passphrase() {
        return passphrase.clone();
    }

    /** Leaves the passphrase out. */
    @Override
    public String toString() {
        return "ClientOptions[gateway=" + gateway + ", vault=" + vault + ", store=" + store
                + ", passphrase=[REDACTED], deviceName=" + deviceName + ", kdf=" + kdf + "]";
    }

    /** Compares by content, passphrase included (records would compare the array's identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClientOptions c && gateway.equals(c.gateway) && vault.equals(c.vault)
                && store.equals(c.store) && Arrays.equals(passphrase, c.passphrase) && deviceName.equals(c.deviceName)
                && kdf.equals(c.kdf) && clock.equals(c.clock) && backoff.equals(c.backoff) && listener.equals(c.listener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gateway, vault, store, deviceName);
    }
}
