package org.blindgate.cli.messages;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.blindgate.cli.ClientSetup;
import org.blindgate.cli.Exit;
import org.blindgate.cli.Secrets;
import org.blindgate.cli.Warnings;
import org.blindgate.sdk.AuthException;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.BlindgateException;
import org.blindgate.sdk.IncomingMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code listen}: stays connected and prints each message as it arrives. The SDK reconnects by
 * itself, so a dropped connection is only a warning; an ended session ({@link AuthException})
 * ends the command, since no reconnection can bring it back.
 */
@Command(name = "listen", description = {"Stay connected and print each message as it arrives, until Ctrl-C or "
        + "--count messages.", "When connected, 'listening as USERNAME' is written to stderr."})
public final class ListenCommand implements Callable<Integer> {

    @Mixin
    ClientSetup setup;

    @Mixin
    MessageOutput output;

    @Option(names = "--count", paramLabel = "N", description = "Exit after N messages.")
    Integer count;

    @Spec
    CommandSpec spec;

    private volatile String me;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger printed = new AtomicInteger();
        Warnings listener = new Warnings(err) {
            @Override
            public void onMessage(IncomingMessage message) {
                output.received(message, me);
                if (count != null && printed.incrementAndGet() >= count) {
                    done.complete(null);
                }
            }

            @Override
            public void onError(BlindgateException error) {
                if (error instanceof AuthException) {
                    done.completeExceptionally(error);
                } else {
                    super.onError(error);
                }
            }
        };
        try (BlindgateClient client = setup.openLoggedIn(Secrets.ofProcess(), listener)) {
            me = client.account().orElseThrow().username();
            BlindgateClient.await(client.connect(), setup.timeout());
            err.println("listening as " + me);
            done.get();
        } catch (ExecutionException e) {
            throw (BlindgateException) e.getCause();
        }
        return Exit.OK;
    }
}
