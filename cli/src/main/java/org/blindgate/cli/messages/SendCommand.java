package org.blindgate.cli.messages;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.cli.Warnings;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.HistoryEntry;
import org.blindgate.sdk.IncomingMessage;
import org.blindgate.sdk.SentMessage;
import org.blindgate.sdk.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code send USERNAME TEXT}: connects, sends, waits for the gateway's acknowledgement and exits.
 * Sending needs the connection, and connecting catches up with whatever waits for this device, so
 * those messages are printed too (before the sent one) rather than taken silently from the inbox.
 */
@Command(name = "send", description = {"Send TEXT (or a file) to USERNAME and wait until the gateway has stored it.",
    "Messages waiting for this device are fetched on the way and printed first, as 'inbox' prints them."})
public final class SendCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Mixin
    MessageOutput output;

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The recipient.")
    String to;

    @Parameters(index = "1", paramLabel = "TEXT", arity = "0..1", description = "The message (a caption with --file).")
    String text;

    @Option(names = "--file", paramLabel = "PATH", description = "Send this file, encrypted, as an attachment.")
    Path file;

    @Spec
    CommandSpec spec;

    private volatile String me;

    @Override
    public Integer call() {
        if (text == null && file == null) {
            throw new ParameterException(spec.commandLine(), "give the TEXT to send, or --file PATH");
        }
        Warnings listener = new Warnings(spec.commandLine().getErr()) {
            @Override
            public void onMessage(IncomingMessage message) {
                output.received(message, me);
            }
        };
        try (BlindgateClient client = setup.openLoggedIn(Secrets.ofProcess(), listener)) {
            me = client.account().orElseThrow().username();
            User peer = client.lookup(to);
            BlindgateClient.await(client.connect(), setup.timeout());
            CompletableFuture<SentMessage> sending = file == null ? client.send(peer.userId(), text)
                    : client.sendAttachment(peer.userId(), file, null, text);
            SentMessage sent = BlindgateClient.await(sending, setup.timeout());
            HistoryEntry entry = client.history(peer.userId(), 100).stream()
                    .filter(h -> h.messageId().equals(sent.messageId())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a sent message is in the history"));
            output.sent(entry.messageId(), me, peer.username(), entry.timestamp(), entry.text(), entry.attachment());
        }
        return Exit.OK;
    }
}
