package org.blindgate.cli.account;

import java.util.concurrent.Callable;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.sdk.BlindgateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code logout}: ends the session; keys and history stay in the store, and {@code login} resumes it. */
@Command(name = "logout", description = "End this store's session at the gateway; keys and history stay, and "
        + "'login' resumes the same device.")
public final class LogoutCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (BlindgateClient client = setup.openLoggedIn(Secrets.ofProcess(), null)) {
            String username = client.account().orElseThrow().username();
            client.logout();
            spec.commandLine().getOut().println("logged out " + username);
        }
        return Exit.OK;
    }
}
