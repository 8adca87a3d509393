package org.blindgate.cli.account;

import java.util.concurrent.Callable;
import org.blindgate.cli.ClientSetup;
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
        return AccountEntry.enter(setup, spec, username, true);
    }
}
