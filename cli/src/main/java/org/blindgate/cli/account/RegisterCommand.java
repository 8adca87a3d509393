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

/** {@code register USERNAME}: creates the account, with this store as its first device. */
@Command(name = "register", description = "Create the account USERNAME and log this store in as its first device.")
public final class RegisterCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Parameters(paramLabel = "USERNAME", description = "3-32 characters: lowercase letters, digits, '.', '_' or '-'.")
    String username;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Secrets secrets = Secrets.ofProcess();
        try (BlindgateClient client = setup.open(secrets, null)) {
            Account account = client.register(username, secrets.password(username, true));
            spec.commandLine().getOut().println(AccountLine.of("registered", account, setup));
        }
        return Exit.OK;
    }
}
