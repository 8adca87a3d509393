package org.blindgate.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The account password and the store passphrase: from {@code BLINDGATE_PASSWORD} and
 * {@code BLINDGATE_PASSPHRASE} when they are set (scripts, CI), else asked on the terminal without
 * echo. With neither, the command stops with {@link Exit#USAGE} rather than waiting on a pipe that
 * will never answer.
 */
public final class Secrets {

    public static final String PASSWORD_VARIABLE = "BLINDGATE_PASSWORD";
    public static final String PASSPHRASE_VARIABLE = "BLINDGATE_PASSPHRASE";

    private final Map<String, String> environment;
    private final Console console;

    Secrets(Map<String, String> environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    /** This process's variables and terminal (null when stdin or stdout is not a terminal). */
    public static Secrets ofProcess() {
        return new Secrets(System.getenv(), System.console());
    }

    /** The password of {@code username}; asked twice when {@code confirm} (a new account). */
    public String password(String username, boolean confirm) {
        char[] password = read(PASSWORD_VARIABLE, "Password for " + username, "password", confirm);
        return new String(password);
    }

    /** The passphrase of the store at {@code store}; asked twice when {@code confirm} (a new store). */
    public char[] passphrase(Path store, boolean confirm) {
        return read(PASSPHRASE_VARIABLE, "Passphrase of the store " + store, "store passphrase", confirm);
    }

    private char[] read(String variable, String prompt, String noun, boolean confirm) {
        String value = environment.get(variable);
        if (value != null && !value.isEmpty()) {
            return value.toCharArray();
        }
        if (console == null) {
            throw new CliException(Exit.USAGE, "there is no terminal to ask for the " + noun + ": set " + variable);
        }
        char[] first = console.readPassword("%s: ", prompt);
        if (first == null || first.length == 0) {
            throw new CliException(Exit.USAGE, "no " + noun + " was entered");
        }
        if (confirm) {
            char[] again = console.readPassword("%s (again): ", prompt);
            boolean same = Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                throw new CliException(Exit.USAGE, "the two " + noun + "s entered differ; nothing was changed");
            }
        }
        return first;
    }
}
