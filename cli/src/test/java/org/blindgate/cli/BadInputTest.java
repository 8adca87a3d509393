package org.blindgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.blindgate.cli.ScriptedCommandsTest.assertOneSentence;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a script gets when something is wrong: one sentence on stderr (never a stack trace) and the
 * exit code {@code --help} documents for it.
 */
class BadInputTest extends OnServers {

    private static Person alice;

    @BeforeAll
    static void registerAlice() throws Exception {
        alice = new Person(servers, "alice").registered();
    }

    @Test
    void unknownUserIsNotFound() throws Exception {
        Cli.Result r = alice.run("send", "nobody-" + System.nanoTime(), "hello");
        assertThat(r.exit()).isEqualTo(Exit.NOT_FOUND);
        assertOneSentence(r);
        assertThat(r.stderr().get(0)).contains("no user is named");
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() throws Exception {
        Map<String, String> env = alice.env();
        env.put(Secrets.PASSWORD_VARIABLE, "not the password");
        Cli.Result r = alice.runWith(env, "login", alice.name);
        assertThat(r.exit()).isEqualTo(Exit.AUTH);
        assertOneSentence(r);
    }

    @Test
    void takenUsernameIsAnAuthenticationFailure() throws Exception {
        Person other = new Person(servers, "other");
        Map<String, String> env = other.env();
        Cli.Result r = other.runWith(env, "register", alice.name);
        assertThat(r.exit()).isEqualTo(Exit.AUTH);
        assertOneSentence(r);
        assertThat(r.stderr().get(0)).contains("taken");
    }

    @Test
    void wrongPassphraseIsRefusedWithNothingChanged() throws Exception {
        Map<String, String> env = alice.env();
        env.put(Secrets.PASSPHRASE_VARIABLE, "not the passphrase");
        Cli.Result r = alice.runWith(env, "inbox");
        assertThat(r.exit()).isEqualTo(Exit.WRONG_PASSPHRASE);
        assertOneSentence(r);
        assertThat(r.stderr().get(0)).contains("passphrase").contains("nothing was changed");
    }

    @Test
    void missingSecretWithoutATerminalNamesItsVariable() throws Exception {
        Map<String, String> noPassphrase = alice.env();
        noPassphrase.remove(Secrets.PASSPHRASE_VARIABLE);
        Cli.Result r = alice.runWith(noPassphrase, "inbox");
        assertThat(r.exit()).isEqualTo(Exit.USAGE);
        assertOneSentence(r);
        assertThat(r.stderr().get(0)).contains("no terminal").contains("BLINDGATE_PASSPHRASE");

        Map<String, String> noPassword = alice.env();
        noPassword.remove(Secrets.PASSWORD_VARIABLE);
        Cli.Result login = alice.runWith(noPassword, "login", alice.name);
        assertThat(login.exit()).isEqualTo(Exit.USAGE);
        assertThat(login.stderr()).singleElement().asString().contains("BLINDGATE_PASSWORD");
    }

    @Test
    void storeThatDoesNotExistAsksToRegisterOrLogIn() throws Exception {
        Person nobody = new Person(servers, "nobody");
        Cli.Result r = nobody.run("inbox");
        assertThat(r.exit()).isEqualTo(Exit.AUTH);
        assertOneSentence(r);
        assertThat(r.stderr().get(0)).contains("register").contains("login");
    }

    @Test
    void unreachableGatewayIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Person someone = new Person(servers, "someone");
        Cli.Result r = Cli.run(someone.env(), List.of("register", someone.name, "--gateway",
                "http://127.0.0.1:" + closedPort, "--vault", servers.vaultUrl().toString(), "--store",
                someone.store.toString()));
        assertThat(r.exit()).isEqualTo(Exit.UNAVAILABLE);
        assertOneSentence(r);
        assertThat(r.stderr().get(0)).contains("cannot connect to the gateway");
    }

    @Test
    void wrongArgumentsAreUsageErrors() throws Exception {
        Cli.Result unknownOption = alice.run("inbox", "--bogus");
        assertThat(unknownOption.exit()).isEqualTo(Exit.USAGE);
        assertThat(unknownOption.stderr()).hasSize(2).first().asString().contains("--bogus");

        Cli.Result noText = alice.run("send", "bob");
        assertThat(noText.exit()).isEqualTo(Exit.USAGE);

        Cli.Result badUrl = Cli.run(alice.env(), List.of("inbox", "--gateway", "ftp://example", "--store",
                alice.store.toString()));
        assertThat(badUrl.exit()).isEqualTo(Exit.USAGE);
        assertOneSentence(badUrl);

        Cli.Result chatWithoutTerminal = alice.run("chat", "bob");
        assertThat(chatWithoutTerminal.exit()).isEqualTo(Exit.USAGE);
        assertThat(chatWithoutTerminal.stderr()).singleElement().asString().contains("needs a terminal");
    }

    @Test
    void helpShowsTheDefaultsAndTheExitCodes() throws IOException, InterruptedException {
        Cli.Result help = Cli.run(Map.of(), List.of("inbox", "--help"));
        assertThat(help.exit()).isZero();
        assertThat(String.join("\n", help.stdout())).contains("http://127.0.0.1:8080").contains("http://127.0.0.1:8081")
                .contains(".blindgate-chat").contains("--json").contains("Exit codes:")
                .contains("the passphrase does not open the store");
    }
}
