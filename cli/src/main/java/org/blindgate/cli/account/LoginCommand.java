package org.blindgate.cli.account;

import java.util.concurrent.Callable;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.sdk.Account;
import org.blindgate.sdk.BlindgateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code login USERNAME}: the store's device again, or with a new store a new device of the user
 * (which sees only messages sent from now on: older ones were never encrypted for it).
 */
@Command(name = "login", description = {"Log this store in as USERNAME: the same device again, or with a new store "
        + "a new device of USERNAME (which receives messages sent from then on)."})
public final class LoginCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Parameters(paramLabel = "USERNAME")
    String username;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Secrets secrets = Secrets.ofProcess();
        try (BlindgateClient client = setup.open(secrets, null)) {
            Account account = client.login(username, secrets.password(username, false));
            spec.commandLine().getOut().println(AccountLine.of("logged in", account, setup));
        }
        return Exit.OK;
    }
}
