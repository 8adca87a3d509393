package org.blindgate.bench.target;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.blindgate.bench.process.JavaCommand;

/**
 * The Blindgate vault, launched from the server jar as its own process ({@code --role vault}) with
 * a fresh data directory: H2 index and files (fsynced), or a fresh PostgreSQL database holding the
 * index and the bytes. Its tokens come from a second process, a gateway on H2 that only issues
 * them: users are registered and logged in there before anything is timed, and the vault verifies
 * every request's token against that gateway's JWKS, as it would in production.
 *
 * <p>The vault's per-user upload limit (burst 300, then 10/s) would bind long before the vault
 * does, so the bench raises the burst to {@value #UPLOAD_BURST}: the limiter is still consulted on
 * every PUT, it just never refuses.
 */
public final class VaultTarget extends ProcessTarget implements BlobTarget {

    /** The upload burst the bench gives each user (default 300). */
    public static final int UPLOAD_BURST = 1_000_000;

    private static final Pattern LISTENING = Pattern.compile("vault listening on https?://[^ ]+:(\\d+)");
    private static final String MAIN = "org.blindgate.server.BlindgateServer";

    private final GatewayTarget.Settings settings;
    private final GatewayTarget issuer;
    private final String runTag = Long.toString(System.nanoTime() % 1_000_000L, 36);
    private Path dataDir;

    /** @param settings how to launch the vault; its {@code db} is the vault's storage */
    public VaultTarget(GatewayTarget.Settings settings, TargetEnv env) {
        this(settings, new GatewayTarget(new GatewayTarget.Settings(settings.serverJar(), "h2",
                settings.postgresUrl(), settings.postgresUser(), settings.jvmOptions(), List.of(),
                settings.passwordHashKib(), null), env), env);
    }

    /**
     * A vault whose tokens come from {@code issuer}, a gateway that is itself under test (the e2e
     * scenario); {@link #start} starts it and {@link #close} stops it.
     */
    public VaultTarget(GatewayTarget.Settings settings, GatewayTarget issuer, TargetEnv env) {
        super(env);
        this.settings = settings;
        this.issuer = issuer;
    }

    @Override
    public String name() {
        return "vault-" + settings.db();
    }

    @Override
    public String description() {
        return "Blindgate vault (server jar --role vault, " + (settings.db().equals("h2")
                ? "H2 index and fsynced files" : "PostgreSQL database " + (database == null ? "" : database.name())
                        + " holding index and bytes") + "; every request's ES256 token verified against a separate "
                + "gateway's JWKS; upload burst raised to " + UPLOAD_BURST + " per user; JVM "
                + String.join(" ", settings.jvmOptions()) + ")";
    }

    @Override
    public void start() throws Exception {
        issuer.start();
        Path dir = Files.createDirectories(env.workDir().resolve(name() + "-" + runTag));
        dataDir = dir.resolve("data");
        List<String> args = new ArrayList<>(List.of("--role", "vault", "--vault-port", "0",
                "--data-dir", dataDir.toString(),
                "--issuer-jwks-url", "http://127.0.0.1:" + issuer.port() + "/.well-known/jwks.json",
                "--vault-upload-burst", Integer.toString(UPLOAD_BURST)));
        if (settings.db().equals("postgres")) {
            database = PostgresDatabase.create(settings.postgresUrl(), settings.postgresUser(), "bgv_bench");
            args.addAll(List.of("--vault-db-url", database.url(), "--vault-db-user", database.user()));
        }
        args.addAll(settings.serverArgs());
        server = ServerJvm.start(name(), JavaCommand.of(settings.serverJar(), MAIN, settings.jvmOptions(), args),
                dir.resolve("server.log"), LISTENING, Duration.ofSeconds(60), settings.jfrDir(), env.progress());
    }



    /** Registers and logs in the users at the issuing gateway (the vault keeps no accounts). */
    @Override
    public void provision(int count) throws Exception {
        issuer.provision(count);
    }

    @Override
    public RequestOptions put(int uploader, int recipient, UUID messageId) {
        GatewayTarget.Account to = issuer.account(recipient);
        return request(HttpMethod.PUT, "/v1/blobs/" + messageId + "/" + to.userId() + "/" + to.deviceId(), uploader)
                .putHeader("Content-Type", "application/octet-stream");
    }

    @Override
    public RequestOptions get(int recipient, UUID messageId) {
        return request(HttpMethod.GET, "/v1/blobs/" + messageId, recipient);
    }

    @Override
    public RequestOptions delete(int recipient, UUID messageId) {
        return request(HttpMethod.DELETE, "/v1/blobs/" + messageId, recipient);
    }

    private RequestOptions request(HttpMethod method, String uri, int user) {
        return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(server.port()).setURI(uri)
                .putHeader("Authorization", "Bearer " + issuer.account(user).accessToken());
    }

    /** Object files and spool files left under the data directory, or rows left in PostgreSQL. */
    @Override
    public long storedBlobs() throws Exception {
        if (database != null) {
            try (Connection c = database.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT (SELECT count(*) FROM vault_blobs) + (SELECT count(*) FROM vault_objects)")) {
                rs.next();
                return rs.getLong(1);
            }
        }
        return files(dataDir.resolve("vault/objects")) + files(dataDir.resolve("vault/tmp"));
    }

    static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Override
    protected String recordingName() {
        return name() + "-" + runTag + ".jfr";
    }

    @Override
    public synchronized void close() {
        super.close();
        issuer.close();
    }
}
