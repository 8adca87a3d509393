package org.blindgate.cli.identity;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.CliException;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.SafetyNumbers;
import org.blindgate.sdk.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code safety USERNAME [--trust]}: shows the safety numbers with a peer and, once compared,
 * accepts a changed one. Exits {@link Exit#IDENTITY_CHANGED} while a change is not accepted, so a
 * script notices.
 */
@Command(name = "safety", description = {"Show the safety numbers with USERNAME, to compare out of band.",
    "If USERNAME's keys changed (a new phone, or someone in between), nothing is exchanged until you compare the "
        + "numbers and confirm with --trust."})
public final class SafetyCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Parameters(paramLabel = "USERNAME")
    String username;

    @Option(names = "--trust", description = "Accept USERNAME's changed keys (after comparing the numbers).")
    boolean trust;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BlindgateClient client = setup.openLoggedIn(Secrets.ofProcess(), null)) {
            User peer = client.lookup(username);
            SafetyNumbers numbers = trust ? client.trust(peer.userId()) : client.safetyNumbers(peer.userId());
            SafetyText.lines(numbers).forEach(out::println);
            if (!numbers.changedDevices().isEmpty()) {
                throw new CliException(Exit.IDENTITY_CHANGED, "the safety number with " + username + " has changed: "
                        + "compare it with " + username + ", then run 'blindgate-chat safety " + username + " --trust'");
            }
        }
        return Exit.OK;
    }
}
