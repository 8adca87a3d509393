package org.blindgate.bench;

import java.util.concurrent.Callable;
import org.blindgate.bench.scenario.E2eScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "e2e", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        description = {
            "SDK clients end to end: encrypted msgs/s and latency, next to the metadata-only figure.",
            "--pairs pairs of real SDK clients (BlindgateClient, each with its own encrypted store) in the bench JVM.",
            "Each message is the SDK's whole path: devices lookup, libsignal encrypt, store commit, PUT to the vault,",
            "metadata frame, ack; the recipient gets the frame, GETs the blob, decrypts, commits, sends delivered,",
            "DELETEs the blob and only then calls onMessage. Latency: send() -> the recipient's onMessage (one clock).",
            "Closed loop: each sender keeps --window messages waiting for their ack (as pairs). Every message must",
            "arrive exactly once, in order and with its text, or the run fails.",
            "Clients are registered (store, account, keys), connected and greeted both ways before timing, so the",
            "measured messages travel on established sessions (the greeting is each direction's PreKey message).",
            "In the same run, on the same gateway process: the pairs load generator's raw metadata frames with the",
            "same pairs and window, so the table shows e2e msg/s and p99 next to metadata-only, and their ratio.",
            "The gateway and a vault checking its tokens run as two processes from the server jar, both on --db",
            "(h2: H2, and the vault's blobs as fsynced files; postgres: a fresh database each). The vault's upload",
            "limit is raised (--vault-upload-burst 1000000). The clients' CPU (libsignal, store writes, HTTP) is the",
            "generator's CPU: client-side cost, reported apart from the servers'."})
final class E2eCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "50",
            description = "Sender/recipient pairs of SDK clients (2N clients, each with its own threads, store and "
                    + "connections). Default: ${DEFAULT-VALUE}.")
    int pairs;

    @Option(names = "--window", paramLabel = "W", defaultValue = "1",
            description = "Closed loop: messages each sender keeps waiting for their ack, for both loads. "
                    + "Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--text-chars", paramLabel = "N", defaultValue = "100",
            description = "Length of each message's text (the SDK pads the plaintext to a multiple of 160 bytes). "
                    + "Default: ${DEFAULT-VALUE}.")
    int textChars;

    @Mixin
    PhaseOptions phases;

    @Override
    public Integer call() {
        if (pairs < 1 || pairs > 2_000) {
            throw new ParameterException(spec.commandLine(), "--pairs must be 1-2000");
        }
        if (window < 1 || window > 200) {
            throw new ParameterException(spec.commandLine(),
                    "--window must be 1-200 (the gateway pauses a connection at 256 messages in flight)");
        }
        if (textChars < 32 || textChars > 10_000) {
            throw new ParameterException(spec.commandLine(), "--text-chars must be 32-10000");
        }
        return new E2eScenario(common.toCommon(), new E2eScenario.Settings(pairs, window, textChars, phases.warmup,
                phases.steady, phases.repetitions()), System.out).run() ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
