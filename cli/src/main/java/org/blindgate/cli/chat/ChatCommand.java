package org.blindgate.cli.chat;

import java.util.concurrent.Callable;
import org.blindgate.cli.CliException;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code chat USERNAME}: the interactive client. The store is opened (its passphrase asked) and
 * the peer looked up before the terminal switches to line editing, so those errors end the
 * command with their exit code like any other.
 */
@Command(name = "chat", description = {"Chat with USERNAME: incoming messages live with sender and time, "
        + "✓ delivered and ✓✓ read on yours, /file, /save, /safety; /help inside lists them. Needs a terminal."})
public final class ChatCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Parameters(paramLabel = "USERNAME", description = "Whom to chat with.")
    String username;

    @Override
    public Integer call() {
        if (System.console() == null) {
            throw new CliException(Exit.USAGE, "chat needs a terminal; scripts use send, inbox and listen");
        }
        ChatSession session = new ChatSession();
        try (BlindgateClient client = setup.openLoggedIn(Secrets.ofProcess(), session)) {
            User peer = client.lookup(username);
            try (ChatScreen screen = ChatScreen.open()) {
                session.run(client, peer, screen);
            }
        }
        return Exit.OK;
    }
}
