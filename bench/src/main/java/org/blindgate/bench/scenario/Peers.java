package org.blindgate.bench.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import org.blindgate.bench.target.EjabberdTarget;
import org.blindgate.bench.target.NatsTarget;
import org.blindgate.bench.target.Target;

/** The peer brokers: whether each can run here, and how to build it. */
public final class Peers {

    /**
     * @param natsServer       the nats-server binary
     * @param natsConnections  NATS connections shared by all users (0: one per user, like the gateway's)
     * @param ejabberdctl      ejabberd's control script
     * @param ejabberdOpenFiles open-file limit ejabberd runs with
     */
    public record Settings(String natsServer, int natsConnections, String ejabberdctl, int ejabberdOpenFiles) {
    }

    private Peers() {
    }

    /** Why {@code peer} cannot run on this machine, or null if it can. */
    static String unavailable(String peer, Settings settings) {
        return switch (peer) {
            case "nats" -> executable(settings.natsServer()) ? null
                    : settings.natsServer() + " not found (apt-get install -y nats-server)";
            case "ejabberd" -> EjabberdTarget.unavailable(settings.ejabberdctl());
            default -> null;
        };
    }

    private static boolean executable(String binary) {
        if (binary.contains("/")) {
            return Files.isExecutable(Path.of(binary));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", binary));
    }

    static Target nats(Run run, Settings settings) {
        String binary = settings.natsServer();
        if (!binary.contains("/") && Files.isExecutable(Path.of("/usr/sbin", binary))) {
            binary = "/usr/sbin/" + binary;
        }
        return run.track(new NatsTarget(run.env, binary, settings.natsConnections()));
    }

    static Target ejabberd(Run run, Settings settings) {
        return run.track(new EjabberdTarget(run.env, run.common.postgresUrl(), run.common.postgresUser(),
                settings.ejabberdctl(), settings.ejabberdOpenFiles()));
    }
}
