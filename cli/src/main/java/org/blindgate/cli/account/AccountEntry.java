package org.blindgate.cli.account;

import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.sdk.Account;
import org.blindgate.sdk.BlindgateClient;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code register} and {@code login} share: the secrets asked, the call, the line printed. */
final class AccountEntry {

    private AccountEntry() {
    }

    /** Registers {@code username} (a new account: the password asked twice) or logs it in. */
    static int enter(ClientSetup setup, CommandSpec command, String username, boolean register) {
        Secrets secrets = Secrets.ofProcess();
        try (BlindgateClient client = setup.open(secrets, null)) {
            String password = secrets.password(username, register);
            Account account = register ? client.register(username, password) : client.login(username, password);
            command.commandLine().getOut().println((register ? "registered" : "logged in") + " as "
                    + account.username() + " (device " + account.deviceId() + ", store " + setup.store() + ")");
        }
        return Exit.OK;
    }
}
