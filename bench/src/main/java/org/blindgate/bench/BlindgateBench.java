package org.blindgate.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code blindgate-bench SCENARIO [options]}: the load generator. Each scenario starts the systems
 * it measures as separate processes, provisions users before the timed phase, warms up, measures,
 * drains, checks delivery, and prints a table and one final JSON line with every figure.
 */
@Command(name = "blindgate-bench",
        mixinStandardHelpOptions = true,
        version = "blindgate-bench 0.1.0",
        usageHelpWidth = 110,
        description = {
            "Measures the Blindgate gateway against a raw relay (the physical limit) and peer brokers, in one run.",
            "Every scenario starts what it measures itself, registers its users before timing, warms up, measures a",
            "steady phase, drains, and fails unless every message arrived exactly once and in order.",
            "Output: progress on stderr; a table, then ONE final JSON line with every figure, on stdout."},
        commandListHeading = "%nScenarios (blindgate-bench SCENARIO --help lists each one's options):%n",
        subcommands = {
            PairsCommand.class,
            SyncCommand.class,
            ConnectCommand.class,
            IdleCommand.class,
            VaultCommand.class,
            E2eCommand.class,
            RelayCommand.class,
            FileServerCommand.class},
        footerHeading = "%n",
        footer = {
            "Exit codes: 0 passed; 1 a delivery or target check failed; 2 invalid options; 3 could not run.",
            "Example: java -jar bench/target/blindgate-bench.jar pairs --db h2,postgres --connections 1000 --window 8"})
public final class BlindgateBench implements Runnable {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        // Not named logback.xml: on a test class path it would shadow the server's own configuration
        // (and hide the server's "listening on" line, which is how the bench finds its port).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/blindgate/bench/logback-bench.xml");
        }
        CommandLine cl = new CommandLine(new BlindgateBench());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("blindgate-bench: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_ERROR;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
