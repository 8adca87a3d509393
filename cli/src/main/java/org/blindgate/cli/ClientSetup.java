package org.blindgate.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.blindgate.sdk.Account;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.ClientListener;
import org.blindgate.sdk.store.KdfParams;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command finds the servers and its store: the options every command that talks to the
 * servers takes ({@code --gateway}, {@code --vault}, {@code --store}, {@code --timeout}), and the one
 * way a command opens its client.
 */
public final class ClientSetup {

    /**
     * Argon2id cost of a new store as {@code memoryKib,iterations,parallelism}; unset, the SDK's
     * default. Only for tests: they create dozens of stores, each in a fresh JVM where the default
     * cost takes seconds. Not an option, so nobody weakens a real store by accident.
     */
    static final String STORE_KDF_PROPERTY = "blindgate.chat.storeKdf";

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:BLINDGATE_GATEWAY:-http://127.0.0.1:8080}",
            description = "The gateway (default: ${DEFAULT-VALUE}, or BLINDGATE_GATEWAY).")
    URI gateway;

    @Option(names = "--vault", paramLabel = "URL", defaultValue = "${env:BLINDGATE_VAULT:-http://127.0.0.1:8081}",
            description = "The vault (default: ${DEFAULT-VALUE}, or BLINDGATE_VAULT).")
    URI vault;

    @Option(names = "--store", paramLabel = "DIR",
            defaultValue = "${env:BLINDGATE_STORE:-${sys:user.home}${sys:file.separator}.blindgate-chat}",
            description = {"This device's encrypted store: keys, sessions, history; one account per store.",
                "Default: ${DEFAULT-VALUE} (or BLINDGATE_STORE).",
                "Its passphrase is read from BLINDGATE_PASSPHRASE, else asked on the terminal."})
    Path store;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the servers (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** How long to wait for the servers. */
    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    private static KdfParams kdf() {
        String cost = System.getProperty(STORE_KDF_PROPERTY);
        if (cost == null) {
            return KdfParams.DEFAULT;
        }
        String[] p = cost.split(",");
        return new KdfParams(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    /** The store's directory, as given. */
    public Path store() {
        return store;
    }

    /**
     * A client on a store that holds a logged-in account: what every command but {@code register}
     * and {@code login} needs.
     *
     * @throws CliException ({@link Exit#AUTH}) if there is no store yet, or it is logged out
     */
    public BlindgateClient openLoggedIn(Secrets secrets, ClientListener listener) {
        if (!Files.isDirectory(store)) {
            throw new CliException(Exit.AUTH, "there is no store at " + store
                    + " yet: run 'blindgate-chat register USERNAME' or 'blindgate-chat login USERNAME' first");
        }
        BlindgateClient client = open(secrets, listener);
        if (!client.isLoggedIn()) {
            String who = client.account().map(Account::username).orElse("USERNAME");
            client.close();
            throw new CliException(Exit.AUTH, "the store at " + store + " is not logged in: run 'blindgate-chat login "
                    + who + "'");
        }
        return client;
    }

    /**
     * A client on the store, created (its passphrase asked twice) when it does not exist yet.
     *
     * @param listener what the command shows, or null for background problems as warnings on stderr
     */
    public BlindgateClient open(Secrets secrets, ClientListener listener) {
        char[] passphrase = secrets.passphrase(store, !Files.exists(store));
        try {
            return BlindgateClient.builder().gateway(gateway).vault(vault).store(store, passphrase).kdf(kdf())
                    .deviceName("blindgate-chat")
                    .listener(listener != null ? listener : new Warnings(command.commandLine().getErr())).build();
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
