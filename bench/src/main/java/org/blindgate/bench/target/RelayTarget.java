package org.blindgate.bench.target;

import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.process.JavaCommand;

/**
 * The physical limit: the bench's own minimal relay ({@code blindgate-bench relay}) in a
 * separate JVM with the same JVM options as the gateway. Same framework (Vert.x), same frames;
 * no authentication, validation or persistence.
 */
public final class RelayTarget extends ProcessTarget implements Target {

    private static final Pattern LISTENING = Pattern.compile("relay listening on [^:]+:(\\d+)");

    private final List<String> jvmOptions;
    private final Path jfrDir;
    private final List<UUID> accounts = new ArrayList<>();

    public RelayTarget(TargetEnv env, List<String> jvmOptions, Path jfrDir) {
        super(env);
        this.jvmOptions = jvmOptions;
        this.jfrDir = jfrDir;
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public String description() {
        return "raw relay (Vert.x WebSocket server forwarding each frame by recipientId, acking the sender; JVM "
                + String.join(" ", jvmOptions) + ")";
    }

    @Override
    public void start() throws Exception {
        Path dir = Files.createTempDirectory(env.workDir(), "relay-");
        server = ServerJvm.start(name(), JavaCommand.self("org.blindgate.bench.BlindgateBench", jvmOptions,
                List.of("relay", "--port", "0")), dir.resolve("relay.log"), LISTENING, Duration.ofSeconds(30), jfrDir,
                env.progress());
    }

    @Override
    public void provision(int count) {
        for (int i = 0; i < count; i++) {
            accounts.add(UUID.randomUUID());
        }
    }

    @Override
    public LoadDriver.Connector connector() {
        return (index, self, partner, context, listener) -> JsonLink.open(env.clients().webSocket(index),
                new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                        .setURI("/relay?id=" + accounts.get(self)),
                context, accounts.get(partner), env.frameBytes(), env.ids(), listener);
    }

    @Override
    protected String recordingName() {
        return "relay.jfr";
    }
}
