package org.blindgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands scripts use ({@code register}, {@code login}, {@code logout}, {@code send},
 * {@code inbox}, {@code listen}, {@code safety}) end to end: child processes without a terminal,
 * secrets in the environment, against a real gateway and vault on loopback; their exit codes, and
 * their {@code --json} lines parsed as JSON.
 */
class ScriptedCommandsTest extends OnServers {

    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void sendsAndReadsTheInboxAsJsonLines() throws Exception {
        Person alice = new Person(servers, "alice").registered();
        Person bob = new Person(servers, "bob").registered();

        Cli.Result sent = alice.run("send", bob.name, "hello bob, ✓ and é", "--json");
        assertThat(sent.exit()).as(sent.toString()).isZero();
        JsonNode out = single(sent.stdout());
        assertThat(out.get("from").asText()).isEqualTo(alice.name);
        assertThat(out.get("to").asText()).isEqualTo(bob.name);

        Cli.Result inbox = bob.run("inbox", "--json");
        assertThat(inbox.exit()).as(inbox.toString()).isZero();
        JsonNode in = single(inbox.stdout());
        assertThat(in.get("messageId").asText()).isEqualTo(out.get("messageId").asText());
        assertThat(in.get("from").asText()).isEqualTo(alice.name);
        assertThat(in.get("to").asText()).isEqualTo(bob.name);
        assertThat(in.get("text").asText()).isEqualTo("hello bob, ✓ and é");
        assertThat(in.get("kind").asText()).isEqualTo("text");
        assertThat(Instant.parse(in.get("timestamp").asText())).isEqualTo(Instant.parse(out.get("timestamp").asText()));

        Cli.Result again = bob.run("inbox", "--json");
        assertThat(again.exit()).isZero();
        assertThat(again.stdout()).as("each message is fetched once").isEmpty();
    }

    @Test
    void sendPrintsTheMessagesItFetchesOnTheWay() throws Exception {
        Person alice = new Person(servers, "alice").registered();
        Person bob = new Person(servers, "bob").registered();
        assertThat(alice.run("send", bob.name, "are you there?").exit()).isZero();

        Cli.Result reply = bob.run("send", alice.name, "yes", "--json");

        assertThat(reply.exit()).as(reply.toString()).isZero();
        assertThat(reply.stdout()).hasSize(2);
        assertThat(JSON.readTree(reply.stdout().get(0)).get("text").asText()).isEqualTo("are you there?");
        assertThat(JSON.readTree(reply.stdout().get(1)).get("from").asText()).isEqualTo(bob.name);
        assertThat(bob.run("inbox").stdout()).isEmpty();
        Cli.Result text = alice.run("inbox");
        assertThat(text.stdout()).singleElement().asString().matches("\\[[-0-9]+ [:0-9]+] " + bob.name + ": yes");
    }

    @Test
    void listenPrintsEachMessageAsItArrives(@TempDir Path dir) throws Exception {
        Person alice = new Person(servers, "alice").registered();
        Person bob = new Person(servers, "bob").registered();
        Path note = Files.writeString(dir.resolve("note.txt"), "the attachment");

        try (Cli.Running listen = bob.start("listen", "--json", "--count", "2")) {
            await("listen to connect").atMost(Duration.ofSeconds(30))
                    .until(() -> listen.err().contains("listening as " + bob.name) || !listen.process().isAlive());
            Cli.Result busy = bob.run("inbox");
            assertThat(busy.exit()).as("the store is in use by listen: " + busy).isEqualTo(Exit.STORE);
            assertOneSentence(busy);

            assertThat(alice.run("send", bob.name, "live").exit()).isZero();
            assertThat(alice.run("send", bob.name, "a caption", "--file", note.toString()).exit()).isZero();

            Cli.Result heard = listen.awaitExit();
            assertThat(heard.exit()).as(heard.toString()).isZero();
            assertThat(heard.stdout()).hasSize(2);
            assertThat(JSON.readTree(heard.stdout().get(0)).get("text").asText()).isEqualTo("live");
            JsonNode file = JSON.readTree(heard.stdout().get(1));
            assertThat(file.get("kind").asText()).isEqualTo("attachment");
            assertThat(file.get("text").asText()).isEqualTo("a caption");
            assertThat(file.get("attachment").get("name").asText()).isEqualTo("note.txt");
        }
    }

    @Test
    void logsOutAndBackInToTheSameDevice() throws Exception {
        Person alice = new Person(servers, "alice").registered();
        assertThat(alice.run("logout").exit()).isZero();

        Cli.Result loggedOut = alice.run("inbox");
        assertThat(loggedOut.exit()).isEqualTo(Exit.AUTH);
        assertThat(loggedOut.stderr()).singleElement().asString().contains("login " + alice.name);

        Cli.Result login = alice.run("login", alice.name);
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.stdout()).singleElement().asString().startsWith("logged in as " + alice.name);
        assertThat(alice.run("inbox").exit()).isZero();
    }

    @Test
    void aChangedSafetyNumberExitsEightUntilTrusted() throws Exception {
        Person alice = new Person(servers, "alice").registered();
        Person bob = new Person(servers, "bob").registered();
        Cli.Result fromAlice = alice.run("safety", bob.name);
        Cli.Result fromBob = bob.run("safety", alice.name);
        assertThat(fromAlice.exit()).as(fromAlice.toString()).isZero();
        assertThat(numbers(fromAlice)).hasSize(1).isEqualTo(numbers(fromBob));

        // Bob on a new phone: a new store, so a new device with a new identity key.
        Person bobsPhone = new Person(servers, "bob-phone");
        Map<String, String> env = bobsPhone.env();
        env.put(Secrets.PASSWORD_VARIABLE, bob.password);
        Cli.Result login = bobsPhone.runWith(env, "login", bob.name);
        assertThat(login.exit()).isZero();

        Cli.Result refused = alice.run("send", bob.name, "not yet");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(Exit.IDENTITY_CHANGED);
        assertOneSentence(refused);
        Cli.Result changed = alice.run("safety", bob.name);
        assertThat(changed.exit()).as(changed.toString()).isEqualTo(Exit.IDENTITY_CHANGED);
        assertThat(changed.stdout()).anyMatch(line -> line.contains("CHANGED"));
        assertThat(alice.run("safety", bob.name, "--trust").exit()).isZero();
        assertThat(alice.run("send", bob.name, "hi").exit()).isZero();
    }

    private static JsonNode single(List<String> lines) throws IOException {
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    private static List<String> numbers(Cli.Result safety) {
        return safety.stdout().stream().map(String::strip).filter(l -> l.matches("(\\d{5} ){11}\\d{5}.*")).toList();
    }

    static void assertOneSentence(Cli.Result r) {
        assertThat(r.stderr()).as(r.toString()).singleElement().asString().startsWith("blindgate-chat: ")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
