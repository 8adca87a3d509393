package org.blindgate.cli.account;

import java.util.concurrent.Callable;
import org.blindgate.cli.ClientSetup;
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
        return AccountEntry.enter(setup, spec, username, false);
    }
}
