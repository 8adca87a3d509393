package org.blindgate.bench.target;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.process.Jfr;
import org.blindgate.bench.process.ProcStats;

/**
 * Blindgate end to end: the gateway under test and a vault that checks its tokens (two processes
 * from the server jar, each on {@code db}), used by real SDK clients running in the bench JVM,
 * one {@link SdkLink} (client and encrypted store) per account. The gateway alone is also
 * available ({@link #gateway()}) for the metadata-only figure on the same process.
 *
 * <p>CPU: {@link #serverPids} are both processes; the last steady phase's split between them is
 * kept ({@link #gatewayCpuSeconds}, {@link #vaultCpuSeconds}). The clients' work (libsignal,
 * their stores, HTTP) is the generator's CPU: it is client-side cost, not the servers'.
 */
public final class E2eTarget implements Target {

    /** Setup (registration, key upload, connect, greetings) of this many clients at a time. */
    private static final int SETUP_THREADS = 8;
    private static final String PASSWORD = "bench-password-1";

    private final GatewayTarget.Settings settings;
    private final TargetEnv env;
    private final int textChars;
    private final GatewayTarget gateway;
    private final VaultTarget vault;
    private final String runTag = Long.toString(System.nanoTime() % 1_000_000L, 36);
    private final List<SdkLink> links = new ArrayList<>();
    private final ExecutorService setup = Executors.newFixedThreadPool(SETUP_THREADS, r -> {
        Thread t = new Thread(r, "bench-sdk-setup");
        t.setDaemon(true);
        return t;
    });
    private double gatewayCpu0;
    private double vaultCpu0;
    private double gatewayCpu;
    private double vaultCpu;
    private boolean closed;

    /**
     * @param settings  how to launch the gateway, and the vault on the same {@code db}
     * @param textChars length of each message's text (before the SDK pads it)
     */
    public E2eTarget(GatewayTarget.Settings settings, TargetEnv env, int textChars) {
        this.settings = settings;
        this.env = env;
        this.textChars = textChars;
        this.gateway = new GatewayTarget(settings, env);
        this.vault = new VaultTarget(settings, gateway, env);
    }

    @Override
    public String name() {
        return "e2e-" + settings.db();
    }

    @Override
    public String description() {
        return "SDK clients (BlindgateClient: libsignal, own encrypted store each, JDK HTTP and WebSocket; in the "
                + "bench JVM) through " + gateway.description() + " and " + vault.description();
    }

    /** The gateway under test, for the metadata-only load on the same process. */
    public GatewayTarget gateway() {
        return gateway;
    }

    /** Starts the gateway, then the vault that checks its tokens. */
    @Override
    public void start() throws Exception {
        vault.start();
    }

    /**
     * Creates {@code count} SDK clients, each with a new store under the work directory, and
     * registers each as a new user (account, device, keys uploaded to the vault).
     */
    @Override
    public void provision(int count) throws Exception {
        long started = System.nanoTime();
        URI gatewayUrl = URI.create("http://127.0.0.1:" + gateway.port());
        URI vaultUrl = URI.create("http://127.0.0.1:" + vault.port());
        Path stores = Files.createDirectories(env.workDir().resolve(name() + "-" + runTag + "-stores"));
        AtomicInteger done = new AtomicInteger();
        SdkLink[] made = new SdkLink[count];
        List<CompletableFuture<Void>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            all.add(CompletableFuture.runAsync(() -> {
                made[index] = SdkLink.register(gatewayUrl, vaultUrl, stores.resolve(Integer.toString(index)),
                        "e2e" + runTag + "_" + index, PASSWORD, textChars);
                int n = done.incrementAndGet();
                if (n % 50 == 0) {
                    env.progress().line("[%s] %d of %d SDK clients registered", name(), n, count);
                }
            }, setup));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        } finally {
            for (SdkLink l : made) {
                if (l != null) {
                    links.add(l);
                }
            }
        }
        env.progress().line("[%s] %d SDK clients registered (stores created, keys uploaded) in %.1f s", name(), count,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Connects account {@code self}; the second of a pair to connect also greets its partner both
     * ways, so each recipient's {@code seq} is 1 when the pair starts.
     */
    @Override
    public LoadDriver.Connector connector() {
        return (index, self, partner, context, listener) -> CompletableFuture.supplyAsync(() -> {
            SdkLink me = links.get(self);
            SdkLink other = links.get(partner);
            me.connect();
            if (other.connected()) {
                me.greet(other);
            }
            me.attach(other.userId(), listener);
            return me;
        }, setup);
    }

    @Override
    public List<Long> serverPids() {
        List<Long> pids = new ArrayList<>(gateway.serverPids());
        pids.addAll(vault.serverPids());
        return pids;
    }

    @Override
    public List<Long> databasePids() {
        List<Long> pids = new ArrayList<>(gateway.databasePids());
        pids.addAll(vault.databasePids());
        return pids;
    }

    /** Records the gateway, the vault and, with {@code --jfr}, this JVM (where the SDK clients run). */
    @Override
    public void steadyStarted() {
        gateway.startRecording();
        vault.steadyStarted();
        if (settings.jfrDir() != null) {
            Jfr.start(ProcessHandle.current().pid(), "bench-generator");
        }
        gatewayCpu0 = ProcStats.cpuSeconds(gateway.pid());
        vaultCpu0 = ProcStats.cpuSeconds(vault.pid());
    }

    @Override
    public void steadyEnded() {
        gatewayCpu = ProcStats.cpuSeconds(gateway.pid()) - gatewayCpu0;
        vaultCpu = ProcStats.cpuSeconds(vault.pid()) - vaultCpu0;
        gateway.stopRecording("e2e steady phase");
        vault.steadyEnded();
        if (settings.jfrDir() != null) {
            Path file = settings.jfrDir().resolve("generator-" + runTag + ".jfr");
            Jfr.stop(ProcessHandle.current().pid(), "bench-generator", file);
            env.progress().line("[%s] flight recording of the generator (the SDK clients): %s", name(), file);
        }
    }

    /** CPU seconds of the gateway process in the last steady phase. */
    public double gatewayCpuSeconds() {
        return gatewayCpu;
    }

    /** CPU seconds of the vault process in the last steady phase. */
    public double vaultCpuSeconds() {
        return vaultCpu;
    }

    /** Closes every SDK client (their stores stay in the work directory), then the vault and the gateway. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (SdkLink l : links) {
            closing.add(CompletableFuture.runAsync(l::close, setup));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway: the servers go next
        }
        setup.shutdownNow();
        vault.close();
    }
}
