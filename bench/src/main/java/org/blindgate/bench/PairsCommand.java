package org.blindgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.blindgate.bench.scenario.PairsScenario;
import org.blindgate.bench.scenario.Peers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pairs", mixinStandardHelpOptions = true, usageHelpWidth = 110, sortOptions = false,
        description = {
            "Sender/recipient pairs: gateway msgs/s and latency against the relay, NATS and ejabberd.",
            "Sustained msgs/s and send->receive latency of the gateway, next to the raw relay, NATS JetStream and",
            "ejabberd under the same load, in one run.",
            "Closed loop (default) keeps --window messages of each sender waiting for their ack: maximum throughput.",
            "Open loop offers a fixed rate and measures latency from each message's intended send time."})
final class PairsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1000",
            description = "Authenticated connections, half senders, half recipients. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--window", paramLabel = "W", defaultValue = "8",
            description = "Closed loop: messages each sender keeps in flight. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "closed",
            description = "closed or open. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--rate", paramLabel = "MSGS_PER_SEC", defaultValue = "0",
            description = "Open loop: messages per second offered by all senders together.")
    double rate;

    @Option(names = "--rate-of-max", paramLabel = "FRACTION", defaultValue = "0.5",
            description = "Open loop without --rate: first measure the gateway's closed-loop maximum, then offer "
                    + "this fraction of it to every system. Default: ${DEFAULT-VALUE}.")
    double rateOfMax;

    @Option(names = "--sweep", paramLabel = "FRACTIONS", split = ",",
            description = "Open loop: offer each of these fractions of the gateway's maximum in turn "
                    + "(throughput and latency against offered load), e.g. 0.1,0.25,0.5,0.75,0.9,1.0.")
    List<Double> sweep = new ArrayList<>();

    @Mixin
    PhaseOptions phases;

    @Option(names = "--peers", paramLabel = "LIST", split = ",", defaultValue = "relay,nats,ejabberd",
            description = "Systems run after the gateway with the same load: relay, nats, ejabberd "
                    + "(--peers relay for the relay only; --peers= for none). Default: ${DEFAULT-VALUE}.")
    List<String> peers;

    @Option(names = "--nats-server", paramLabel = "BINARY", defaultValue = "nats-server",
            description = "The nats-server binary (a private server is started on a free port). Default: ${DEFAULT-VALUE}.")
    String natsServer;

    @Option(names = "--nats-connections", paramLabel = "N", defaultValue = "0",
            description = "NATS connections shared by all users; 0: one per user, like the gateway's. "
                    + "Default: ${DEFAULT-VALUE}.")
    int natsConnections;

    @Option(names = "--ejabberdctl", paramLabel = "PATH", defaultValue = "/usr/sbin/ejabberdctl",
            description = "ejabberd's control script (Debian package ejabberd + erlang-p1-pgsql). Default: ${DEFAULT-VALUE}.")
    String ejabberdctl;

    @Option(names = "--ejabberd-open-files", paramLabel = "N", defaultValue = "20000",
            description = "Open-file limit ejabberd runs with. Default: ${DEFAULT-VALUE}.")
    int ejabberdOpenFiles;

    @Override
    public Integer call() {
        if (connections < 2 || connections % 2 != 0) {
            throw new ParameterException(spec.commandLine(), "--connections must be an even number >= 2");
        }
        if (window < 1 || window > 200) {
            throw new ParameterException(spec.commandLine(),
                    "--window must be 1-200 (the gateway pauses a connection at 256 messages in flight)");
        }
        boolean open = switch (mode) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--mode is closed or open");
        };
        List<String> peerList = new ArrayList<>();
        for (String p : peers) {
            if (p.isBlank()) {
                continue;
            }
            if (!List.of("relay", "nats", "ejabberd").contains(p)) {
                throw new ParameterException(spec.commandLine(), "--peers takes relay, nats, ejabberd; got " + p);
            }
            peerList.add(p);
        }
        PairsScenario scenario = new PairsScenario(common.toCommon(), new PairsScenario.Settings(connections, window,
                open, rate, rateOfMax, List.copyOf(sweep), phases.warmup, phases.steady, peerList,
                new Peers.Settings(natsServer, natsConnections, ejabberdctl, ejabberdOpenFiles), phases.repetitions()),
                System.out);
        return scenario.run() ? 0 : BlindgateBench.EXIT_FAILED;
    }
}
