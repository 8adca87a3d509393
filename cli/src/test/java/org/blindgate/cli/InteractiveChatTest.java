package org.blindgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code blindgate-chat chat} in real terminals under tmux: Alice and Bob each in their own, typing
 * their passphrases at the prompt and their messages at the input line, and what each screen shows
 * read back with {@code capture-pane}: live messages with the sender, the delivered and read ticks,
 * a file sent with {@code /file} and saved with {@code /save}, and the same safety number on both
 * screens.
 */
class InteractiveChatTest extends OnServers {

    private static final Pattern SAFETY_NUMBER = Pattern.compile("(\\d{5} ){11}\\d{5}");


    @Test
    void twoPeopleChatInRealTerminals(@TempDir Path dir) throws Exception {
        Person alice = new Person(servers, "alice").registered();
        Person bob = new Person(servers, "bob").registered();
        Path note = Files.writeString(dir.resolve("note.txt"), "a file for bob");
        Path downloads = Files.createDirectory(dir.resolve("downloads"));

        try (Tmux tmux = new Tmux(dir)) {
            tmux.start("alice", Cli.command(alice.args("chat", bob.name)));
            tmux.awaitShown("alice", "Passphrase of the store");
            tmux.type("alice", alice.passphrase);
            tmux.awaitShown("alice", "· online");
            assertThat(tmux.screen("alice")).as("the passphrase is not echoed").doesNotContain(alice.passphrase);

            // Bob is not chatting yet: his inbox takes the message, which is the first tick.
            tmux.type("alice", "hello bob");
            tmux.awaitShown("alice", "] you: hello bob");
            // (the chat shows the line at once; the gateway may store it a moment later)
            List<String> inbox = new ArrayList<>();
            await("bob's inbox to get the message").atMost(Duration.ofSeconds(45))
                    .until(() -> inbox.addAll(bob.run("inbox").stdout()));
            assertThat(inbox).singleElement().asString().endsWith(alice.name + ": hello bob");
            tmux.awaitShown("alice", "✓ delivered: hello bob");

            // Bob opens the chat: the message is shown to him, so it is read: the second tick.
            tmux.start("bob", Cli.command(bob.args("chat", alice.name)));
            tmux.awaitShown("bob", "Passphrase of the store");
            tmux.type("bob", bob.passphrase);
            tmux.awaitShown("bob", alice.name + ": hello bob");
            tmux.awaitShown("alice", "✓✓ read: hello bob");

            // Live both ways.
            tmux.type("bob", "hi alice!");
            tmux.awaitShown("alice", bob.name + ": hi alice!");
            tmux.awaitShown("bob", "✓✓ read: hi alice!");

            tmux.type("alice", "/file " + note);
            tmux.awaitShown("bob", "(/save keeps note.txt)");
            tmux.type("bob", "/save " + downloads);
            tmux.awaitShown("bob", "saved note.txt to");
            assertThat(downloads.resolve("note.txt")).hasContent("a file for bob");

            tmux.type("alice", "/safety");
            tmux.type("bob", "/safety");
            tmux.awaitShown("alice", "Safety numbers with " + bob.name);
            tmux.awaitShown("bob", "Safety numbers with " + alice.name);
            assertThat(safetyNumbers(tmux.screen("alice"))).hasSize(1).isEqualTo(safetyNumbers(tmux.screen("bob")));

            tmux.type("alice", "/quit");
            tmux.key("bob", "C-d");
            assertThat(tmux.awaitExit("alice")).isZero();
            assertThat(tmux.awaitExit("bob")).isZero();
        }
    }

    private static List<String> safetyNumbers(String screen) {
        Matcher m = SAFETY_NUMBER.matcher(screen);
        return m.results().map(r -> r.group()).toList();
    }
}
