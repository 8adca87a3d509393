package org.blindgate.vault;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.blindgate.service.auth.BearerAuth;
import org.blindgate.service.db.Database;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.RateLimiter;
import org.blindgate.token.TokenVerifier;
import org.blindgate.vault.attachment.AttachmentRoutes;
import org.blindgate.vault.attachment.Attachments;
import org.blindgate.vault.auth.Authenticator;
import org.blindgate.vault.auth.Caller;
import org.blindgate.vault.blob.BlobRoutes;
import org.blindgate.vault.blob.Blobs;
import org.blindgate.vault.prekey.PreKeyRoutes;
import org.blindgate.vault.store.Blocking;
import org.blindgate.vault.store.FileStorage;
import org.blindgate.vault.store.ObjectStore;
import org.blindgate.vault.store.PostgresStorage;
import org.blindgate.vault.store.Spool;
import org.blindgate.vault.store.Sweeper;
import org.blindgate.vault.store.VaultDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault, wired by hand from its configuration: {@link #start} and {@link #close}. Wiring only.
 *
 * <p>Its own Vert.x instance, database, port and data directory: it shares nothing with the
 * gateway but the token issuer's public keys, fetched from a JWKS URL. It never calls the gateway,
 * and the gateway never calls it.
 *
 * <p>Logging: never a caller's identity (invariant 7). What the vault logs is its start, sweeps
 * (counts), and unexpected failures with the request path, which for a blob is its address.
 */
public final class Vault implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Vault.class);
    /** Objects younger than this are never taken for orphans: their index row may be on its way. */
    private static final Duration ORPHAN_GRACE = Duration.ofHours(1);
    private static final Duration ORPHAN_PASS_EVERY = Duration.ofHours(24);
    private static final int AUTH_THREADS = 4;

    private final Vertx vertx;
    private final Database database;
    private final Blocking io;
    private final Blocking authPool;
    private final HttpServer server;
    private final ObjectStore objects;
    private final Spool spool;

    private Vault(Vertx vertx, Database database, Blocking io, Blocking authPool, HttpServer server,
            ObjectStore objects, Spool spool) {
        this.vertx = vertx;
        this.database = database;
        this.io = io;
        this.authPool = authPool;
        this.server = server;
        this.objects = objects;
        this.spool = spool;
    }

    /** Opens the storage, binds the listener and returns once it accepts connections. Blocking. */
    public static Vault start(VaultConfig config) {
        VaultConfig.Storage storage = config.storage();
        try {
            Files.createDirectories(storage.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the vault's data directory " + storage.dataDir(), e);
        }
        String url = storage.dbUrl() != null ? storage.dbUrl() : VaultDatabase.h2Url(storage.dataDir());
        Database database = VaultDatabase.open(url, storage.dbUser(),
                storage.dbPassword() == null ? null : storage.dbPassword().value(), storage.poolSize());
        // Java NIO, as the gateway (Gateway.start).
        Vertx vertx = Vertx.vertx();
        try {
            return wire(config, Clock.systemUTC(), database, vertx);
        } catch (RuntimeException e) {
            vertx.close();
            database.close();
            throw e;
        }
    }

    private static Vault wire(VaultConfig config, Clock clock, Database database, Vertx vertx) {
        VaultConfig.Limits limits = config.limits();
        VaultConfig.Auth auth = config.auth();
        Path dataDir = config.storage().dataDir();
        Blocking io = new Blocking(vertx, "blindgate-vault-io", config.storage().poolSize());
        // Token checks get their own few threads: a slow JWKS fetch must not hold up storage work.
        Blocking authPool = new Blocking(vertx, "blindgate-vault-auth", AUTH_THREADS);
        Spool spool = new Spool(dataDir.resolve("tmp"));
        ObjectStore objects = config.storage().bytesInDatabase()
                ? new PostgresStorage(database, clock)
                : new FileStorage(dataDir.resolve("objects"));

        TokenVerifier verifier = TokenVerifier.remote(auth.jwksUrl(), auth.issuer(), auth.audience(), auth.clockSkew());
        Authenticator authenticator = new Authenticator(verifier, authPool);
        BearerAuth<Caller> bearer = new BearerAuth<>(authenticator::authenticate, Caller::userId);
        RateLimiter uploads = new RateLimiter(limits.uploadBurst(), limits.uploadRefill());
        RateLimiter fetches = new RateLimiter(limits.keyFetchBurst(), limits.keyFetchRefill());

        Router http = Router.router(vertx);
        new BlobRoutes(new Blobs(database, objects, clock, limits.blobTtl()), bearer, uploads, spool, io,
                limits.blobMaxBytes()).mount(http);
        new AttachmentRoutes(new Attachments(database, objects, clock, limits.attachmentTtl()), bearer, uploads,
                spool, io, limits.attachmentMaxBytes()).mount(http);
        new PreKeyRoutes(database, bearer, uploads, fetches, io).mount(http);
        http.get("/health/live").handler(ctx -> Http.json(ctx, 200, Map.of("status", "up")));
        http.get("/health/ready").handler(ctx -> io.run(database::isReachable).onComplete(ar -> {
            boolean up = ar.succeeded() && ar.result();
            Http.json(ctx, up ? 200 : 503, Map.of("status", up ? "up" : "down"));
        }));
        http.route().last().handler(ctx -> Http.error(ctx, new ApiException(HttpError.NOT_FOUND, "no such endpoint")));
        http.route().failureHandler(ctx -> Http.failure(ctx, ctx.failure() != null ? ctx.failure()
                : new ApiException(statusError(ctx.statusCode()), "request refused")));

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.listen().host())
                .setPort(config.listen().port())
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // HTTP/1.1 only (no h2c upgrade; ALPN is off by default): refusing an upload
                // mid-body ends with closing the connection, which on HTTP/2 would kill every
                // other stream on it.
                .setHttp2ClearTextEnabled(false)
                .setTcpNoDelay(true);
        if (config.listen().tls()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.listen().tlsCert().toString())
                    .setKeyPath(config.listen().tlsKey().toString()));
        }
        HttpServer server;
        try {
            server = vertx.createHttpServer(options).requestHandler(http).listen()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + config.listen().host() + ":"
                    + config.listen().port() + ": " + rootMessage(e), e);
        }

        Sweeper sweeper = new Sweeper(database, objects, spool, clock);
        Duration spoolAge = limits.idleTimeout().plus(Duration.ofMinutes(10));
        Instant[] lastOrphanPass = {Instant.MIN};
        Runnable sweep = () -> {
            boolean orphans = !clock.instant().isBefore(lastOrphanPass[0].plus(ORPHAN_PASS_EVERY));
            if (orphans) {
                lastOrphanPass[0] = clock.instant();
            }
            io.run(() -> sweeper.sweep(spoolAge, ORPHAN_GRACE, orphans)).onComplete(ar -> {
                if (ar.failed()) {
                    log.warn("vault sweep failed: {}", ar.cause().toString());
                } else if (ar.result() != null) {
                    log.info("vault sweep: {}", ar.result());
                }
            });
        };
        sweep.run(); // at start: what a crash left behind, and what expired while down
        long every = limits.sweepEvery().toMillis();
        vertx.setPeriodic(every, every, t -> sweep.run());

        return new Vault(vertx, database, io, authPool, server, objects, spool);
    }

    private static HttpError statusError(int status) {
        return switch (status) {
            case 413 -> HttpError.TOO_LARGE;
            case 404, 405 -> HttpError.NOT_FOUND;
            case 401 -> HttpError.UNAUTHORIZED;
            case 400 -> HttpError.INVALID_REQUEST;
            default -> HttpError.UNAVAILABLE;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    public Database database() {
        return database;
    }

    /** Where bytes live: files under the data directory, or the database. */
    public ObjectStore objects() {
        return objects;
    }

    /** The upload spool directory. */
    public Path spoolDir() {
        return spool.dir();
    }

    /** Stops accepting, finishes nothing in flight (uploads in progress are discarded), closes the store. Blocking. */
    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the vault listener: {}", e.toString());
        }
        io.close();
        authPool.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the vault's Vert.x: {}", e.toString());
        }
        database.close();
    }
}
