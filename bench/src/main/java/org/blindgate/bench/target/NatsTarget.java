package org.blindgate.bench.target;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.blindgate.bench.load.Link;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.load.MessageFrame;
import org.blindgate.bench.load.MessageIds;
import org.blindgate.bench.process.ChildProcess;
import org.blindgate.bench.process.FreePort;

/**
 * NATS JetStream as a durable broker peer: a private {@code nats-server -js} on a free port with
 * its own store directory; ONE file-storage stream over {@code user.*}; a durable push consumer
 * per recipient on {@code user.<recipientId>}; senders publish with {@code publishAsync} and
 * count a message in flight until its {@code PubAck} (the stream has stored it), keeping the same
 * window as the gateway's acks. Each bench user has its own NATS connection unless
 * {@code connections} is set, then users share that many.
 *
 * <p>The consumers use {@code AckPolicy.None}: like the gateway, which needs no per-message
 * acknowledgement from a recipient (a recipient's position is its last seq), the consumer only
 * tracks what it delivered. Its consumer sequence is gapless per recipient, and is checked like
 * the gateway's {@code seq}.
 *
 * <p>Each dispatcher keeps its own thread: jnats' {@code useDispatcherWithExecutor} hands every
 * message to the executor as its own task, which delivers a subscription's messages out of order.
 */
public final class NatsTarget implements Target {

    private static final Pattern READY = Pattern.compile("(Server is ready)");
    private static final String STREAM = "BENCH";
    private static final byte[] MESSAGE_ID = "\"messageId\":\"".getBytes(StandardCharsets.US_ASCII);

    private final TargetEnv env;
    private final String binary;
    private final int sharedConnections;
    private final List<UUID> accounts = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Connection> shared = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(daemon("nats-client"));
    private final ExecutorService connects = Executors.newFixedThreadPool(8, daemon("nats-connect"));
    private ChildProcess process;
    private boolean closed;
    private int port;

    public NatsTarget(TargetEnv env, String binary, int sharedConnections) {
        this.env = env;
        this.binary = binary;
        this.sharedConnections = sharedConnections;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public String description() {
        return "NATS JetStream (" + binary + " -js, file storage stream over user.*, durable push consumer per "
                + "recipient, AckPolicy.None, publishAsync acked by PubAck; "
                + (sharedConnections > 0 ? sharedConnections + " shared connections" : "one connection per user") + ")";
    }

    @Override
    public void start() throws Exception {
        Path dir = Files.createTempDirectory(env.workDir(), "nats-");
        port = FreePort.find();
        process = ChildProcess.start("nats-server", List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-js", "-sd", dir.resolve("store").toString()), dir.resolve("nats-server.log"));
        process.awaitLine(READY, Duration.ofSeconds(30));
        Connection admin = connect();
        try {
            JetStreamManagement jsm = admin.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects("user.*")
                    .storageType(StorageType.File).build());
        } finally {
            admin.close();
        }
        for (int i = 0; i < sharedConnections; i++) {
            shared.add(connect());
        }
        env.progress().line("[nats] started (pid %d, port %d)", process.pid(), port);
    }

    private Connection connect() throws Exception {
        Options options = new Options.Builder().server("nats://127.0.0.1:" + port)
                .executor(executor)
                .maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(30))
                .build();
        Connection c = Nats.connect(options);
        synchronized (connections) {
            connections.add(c);
        }
        return c;
    }

    @Override
    public void provision(int count) {
        for (int i = 0; i < count; i++) {
            accounts.add(UUID.randomUUID());
        }
    }

    @Override
    public LoadDriver.Connector connector() {
        return (index, self, partner, context, listener) -> CompletableFuture.supplyAsync(() -> {
            try {
                Connection c = sharedConnections > 0 ? shared.get(index % sharedConnections) : connect();
                return (Link) new NatsLink(c, accounts.get(self), accounts.get(partner),
                        MessageFrame.to(accounts.get(partner), env.frameBytes(), env.ids()), env.ids(), listener,
                        index % 2 == 1);
            } catch (Exception e) {
                throw new IllegalStateException("NATS connection " + index + " failed: " + e, e);
            }
        }, connects);
    }

    @Override
    public List<Long> serverPids() {
        return process == null ? List.of() : List.of(process.pid());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (connections) {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
        executor.shutdownNow();
        connects.shutdownNow();
        if (process != null) {
            process.close();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One bench user on NATS: publishes to its partner's subject; a recipient consumes its own. */
    private static final class NatsLink implements Link {

        private final JetStream js;
        private final String partnerSubject;
        private final MessageFrame frame;
        private final Link.Listener listener;
        private JetStreamSubscription subscription;

        NatsLink(Connection c, UUID self, UUID partner, MessageFrame frame, MessageIds ids, Link.Listener listener,
                boolean receives) throws Exception {
            // PubAcks may take long under overload (open loop above the broker's capacity): wait for
            // them as long as the gateway's clients would wait for acks, rather than jnats' 2 s default.
            this.js = c.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofMinutes(2)).build());
            this.partnerSubject = "user." + partner;
            this.frame = frame;
            this.listener = listener;
            if (receives) {
                Dispatcher d = c.createDispatcher();
                ConsumerConfiguration cc = ConsumerConfiguration.builder().ackPolicy(AckPolicy.None)
                        .deliverPolicy(DeliverPolicy.All).build();
                subscription = js.subscribe("user." + self, d, msg -> onMessage(msg, ids), false,
                        PushSubscribeOptions.builder().durable("r-" + self).configuration(cc).build());
            }
        }

        private void onMessage(Message msg, MessageIds ids) {
            byte[] data = msg.getData();
            int at = indexOf(data, MESSAGE_ID);
            long lsb = at < 0 ? -1 : ids.parse(data, at + MESSAGE_ID.length);
            if (lsb < 0) {
                listener.problem("a NATS message without a message id of this run");
                return;
            }
            long seq;
            try {
                seq = msg.metaData().consumerSequence();
            } catch (RuntimeException e) {
                seq = -1;
            }
            listener.received(MessageIds.sender(lsb), MessageIds.counter(lsb), seq);
        }

        @Override
        public void send(int sender, long counter) {
            js.publishAsync(partnerSubject, frame.render(sender, counter)).whenComplete((ack, e) -> {
                if (e != null) {
                    listener.problem("publish failed: " + e);
                } else {
                    listener.acked(sender, counter);
                }
            });
        }

        @Override
        public void close() {
            if (subscription != null) {
                try {
                    subscription.unsubscribe();
                } catch (RuntimeException e) {
                    // closing anyway
                }
            }
        }

        private static int indexOf(byte[] b, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= b.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (b[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
