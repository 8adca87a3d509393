package org.blindgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blindgate.e2e.Servers;

/**
 * Someone using {@code blindgate-chat} from scripts against the test servers: a username no other
 * test uses, a store of their own, and their secrets in the environment.
 */
final class Person {

    final String name;
    final String password;
    final String passphrase;
    final Path store;
    private final Servers servers;

    Person(Servers servers, String name) {
        this.servers = servers;
        this.name = name + "-" + Long.toString(System.nanoTime(), 36);
        this.password = "password of " + name;
        this.passphrase = "passphrase of " + name;
        this.store = servers.newStoreDir(name);
    }

    /** BLINDGATE_PASSWORD and BLINDGATE_PASSPHRASE, as a script would set them. */
    Map<String, String> env() {
        return new HashMap<>(Map.of(Secrets.PASSWORD_VARIABLE, password, Secrets.PASSPHRASE_VARIABLE, passphrase));
    }

    /** Runs {@code blindgate-chat args} against the test servers with this person's store and secrets. */
    Cli.Result run(String... args) throws IOException, InterruptedException {
        return Cli.run(env(), args(args));
    }

    /** Like {@link #run} with other variables: some left out or wrong. */
    Cli.Result runWith(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return Cli.run(env, args(args));
    }

    Cli.Running start(String... args) throws IOException {
        return Cli.start(env(), args(args));
    }

    /** {@code args} then the servers and this person's store. */
    List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--gateway", servers.gatewayUrl().toString(), "--vault", servers.vaultUrl().toString(),
                "--store", store.toString()));
        return all;
    }

    Person registered() throws IOException, InterruptedException {
        Cli.Result r = run("register", name);
        if (r.exit() != 0) {
            throw new AssertionError("register " + name + ": " + r);
        }
        return this;
    }
}
