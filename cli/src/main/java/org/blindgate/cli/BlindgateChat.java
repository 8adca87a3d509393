package org.blindgate.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.blindgate.cli.account.LoginCommand;
import org.blindgate.cli.account.LogoutCommand;
import org.blindgate.cli.account.RegisterCommand;
import org.blindgate.cli.chat.ChatCommand;
import org.blindgate.cli.identity.SafetyCommand;
import org.blindgate.cli.messages.InboxCommand;
import org.blindgate.cli.messages.ListenCommand;
import org.blindgate.cli.messages.SendCommand;
import org.blindgate.sdk.BlindgateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code blindgate-chat}: the terminal client. Each subcommand is one class; this one wires them,
 * and is the single place where a failure becomes a sentence on stderr and an exit code
 * ({@link Exit}). A stack trace is printed only with {@code BLINDGATE_DEBUG=1}: users read these
 * lines, and scripts read the codes.
 */
@Command(name = "blindgate-chat", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        version = "blindgate-chat 0.1.0",
        description = {"End-to-end encrypted chat in the terminal, through a Blindgate gateway (metadata) and vault "
                + "(ciphertext). Interactive with 'chat USERNAME'; 'send', 'inbox' and 'listen' are for scripts.",
            "Secrets: BLINDGATE_PASSWORD (account) and BLINDGATE_PASSPHRASE (store) are used when set, else they "
                + "are asked on the terminal without echo."},
        subcommands = {RegisterCommand.class, LoginCommand.class, LogoutCommand.class, ChatCommand.class,
            SendCommand.class, InboxCommand.class, ListenCommand.class, SafetyCommand.class,
            CommandLine.HelpCommand.class})
public final class BlindgateChat implements Runnable {

    static final String NAME = "blindgate-chat";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command, for example 'chat USERNAME'");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line to its end and returns the exit code. */
    public static int run(String... args) {
        // UTF-8 whatever the locale: message text is anything people type, and ticks are not ASCII.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new BlindgateChat()).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, err))
                .setParameterExceptionHandler((e, ignored) -> usage(e, err));
        describeExitCodes(cli);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int failed(Exception e, PrintWriter err) {
        boolean known = e instanceof BlindgateException || e instanceof CliException
                || e instanceof IllegalArgumentException;
        err.println(NAME + ": " + (known ? e.getMessage() : "unexpected error: " + e
                + " (BLINDGATE_DEBUG=1 prints where it happened)"));
        if (System.getenv("BLINDGATE_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return Exit.of(e);
    }

    private static int usage(ParameterException e, PrintWriter err) {
        err.println(NAME + ": " + e.getMessage());
        err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return Exit.USAGE;
    }

    private static void describeExitCodes(CommandLine cli) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(Exit.descriptions());
        cli.getSubcommands().values().forEach(BlindgateChat::describeExitCodes);
    }
}
