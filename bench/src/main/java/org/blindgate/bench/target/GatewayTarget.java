package org.blindgate.bench.target;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.blindgate.bench.load.Link;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.process.JavaCommand;

/**
 * The Blindgate gateway, launched from the server jar as its own process with a fresh data
 * directory, on H2 or on a fresh PostgreSQL database. Users are registered and logged in over
 * REST before anything is timed (with a cheap password hash and the per-address login burst
 * raised: both only shorten the setup, neither is on the measured path).
 */
public final class GatewayTarget extends ProcessTarget implements Target {

    /** How to launch the gateway. */
    public record Settings(Path serverJar, String db, String postgresUrl, String postgresUser,
            List<String> jvmOptions, List<String> serverArgs, int passwordHashKib, Path jfrDir) {
        public Settings {
            if (!db.equals("h2") && !db.equals("postgres")) {
                throw new IllegalArgumentException("db must be h2 or postgres, was " + db);
            }
        }
    }

    /** A registered, logged-in user. */
    public record Account(UUID userId, UUID deviceId, String username, String accessToken, long lastSeq) {
    }

    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^ ]+:(\\d+)");
    private static final String MAIN = "org.blindgate.server.BlindgateServer";
    private static final String PASSWORD = "bench-password-1";

    private final Settings settings;
    private final String runTag = Long.toString(System.nanoTime() % 1_000_000L, 36);
    private final List<Account> accounts = Collections.synchronizedList(new ArrayList<>());

    public GatewayTarget(Settings settings, TargetEnv env) {
        super(env);
        this.settings = settings;
    }

    @Override
    public String name() {
        return "gateway-" + settings.db();
    }

    @Override
    public String description() {
        return "Blindgate gateway (server jar, " + (settings.db().equals("h2") ? "embedded H2 file database"
                : "PostgreSQL database " + (database == null ? "" : database.name())) + ", JVM "
                + String.join(" ", settings.jvmOptions()) + ")";
    }

    @Override
    public void start() throws Exception {
        Path dir = Files.createDirectories(env.workDir().resolve(name() + "-" + runTag));
        // Only the gateway: the default role would also start a vault on the fixed port 8081.
        List<String> args = new ArrayList<>(List.of("--role", "gateway", "--gateway-port", "0",
                "--data-dir", dir.resolve("data").toString(),
                "--password-hash-memory-kib", Integer.toString(settings.passwordHashKib()),
                "--login-burst-per-address", "1000000"));
        if (settings.db().equals("postgres")) {
            database = PostgresDatabase.create(settings.postgresUrl(), settings.postgresUser(), "bg_bench");
            args.addAll(List.of("--db-url", database.url(), "--db-user", database.user()));
        }
        args.addAll(settings.serverArgs());
        server = ServerJvm.start(name(), JavaCommand.of(settings.serverJar(), MAIN, settings.jvmOptions(), args),
                dir.resolve("server.log"), LISTENING, Duration.ofSeconds(60), settings.jfrDir(), env.progress());
    }



    /** Registers and logs in {@code count} users, 32 requests at a time. */
    @Override
    public void provision(int count) throws Exception {
        long started = System.nanoTime();
        Rest rest = new Rest(env.clients().http(), server.port());
        Semaphore permits = new Semaphore(32);
        AtomicInteger done = new AtomicInteger();
        Account[] made = new Account[count];
        List<CompletableFuture<Void>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            permits.acquire();
            String username = "bb" + runTag + "_" + index;
            JsonObject credentials = new JsonObject().put("username", username).put("password", PASSWORD);
            CompletableFuture<Void> f = rest.post("/v1/auth/register", credentials)
                    .thenCompose(r -> rest.post("/v1/auth/login", credentials.copy().put("deviceName", "bench")))
                    .thenAccept(login -> {
                        made[index] = new Account(UUID.fromString(login.getString("userId")),
                                UUID.fromString(login.getString("deviceId")), username,
                                login.getString("accessToken"), login.getLong("lastSeq", 0L));
                        int n = done.incrementAndGet();
                        if (n % 5000 == 0) {
                            env.progress().line("[%s] %d of %d users registered and logged in", name(), n, count);
                        }
                    })
                    .whenComplete((v, e) -> permits.release());
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        accounts.addAll(List.of(made));
        env.progress().line("[%s] %d users registered and logged in in %.1f s", name(), count,
                (System.nanoTime() - started) / 1e9);
    }

    public Account account(int i) {
        return accounts.get(i);
    }

    public int accountCount() {
        return accounts.size();
    }

    /** The WebSocket upgrade request of {@code account}, authenticated by its bearer token. */
    public WebSocketConnectOptions upgrade(Account account) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port()).setURI("/v1/ws")
                .putHeader("Authorization", "Bearer " + account.accessToken());
    }

    /** Opens a link for account {@code self}, sending to {@code partner} (null: receive only). */
    public CompletableFuture<Link> open(int connection, int self, UUID partner, Context context, Link.Listener listener) {
        return JsonLink.open(env.clients().webSocket(connection), upgrade(accounts.get(self)), context, partner,
                env.frameBytes(), env.ids(), listener);
    }

    @Override
    public LoadDriver.Connector connector() {
        return (index, self, partner, context, listener) ->
                open(index, self, accounts.get(partner).userId(), context, listener);
    }

    @Override
    protected String recordingName() {
        return name() + "-" + runTag + "-" + System.nanoTime() % 10_000 + ".jfr";
    }
}
