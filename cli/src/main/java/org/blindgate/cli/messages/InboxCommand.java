package org.blindgate.cli.messages;

import java.util.concurrent.Callable;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.sdk.BlindgateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code inbox}: fetches, decrypts and prints what arrived since the last time, then exits. */
@Command(name = "inbox", description = {"Fetch, decrypt and print the messages that arrived for this device since "
        + "it was last connected, then exit.", "Each is acknowledged as delivered (one tick for its sender)."})
public final class InboxCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Mixin
    MessageOutput output;

    @Override
    public Integer call() {
        try (BlindgateClient client = setup.openLoggedIn(Secrets.ofProcess(), null)) {
            String me = client.account().orElseThrow().username();
            client.inbox(setup.timeout()).forEach(m -> output.received(m, me));
        }
        return Exit.OK;
    }
}
