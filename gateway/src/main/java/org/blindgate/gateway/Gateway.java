package org.blindgate.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.blindgate.gateway.auth.Accounts;
import org.blindgate.gateway.auth.AuthRoutes;
import org.blindgate.gateway.auth.Authenticator;
import org.blindgate.gateway.auth.Caller;
import org.blindgate.gateway.auth.LoginThrottle;
import org.blindgate.gateway.auth.PasswordHasher;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.gateway.conversation.ConversationRoutes;
import org.blindgate.gateway.routing.Bus;
import org.blindgate.gateway.routing.Dispatcher;
import org.blindgate.gateway.routing.InProcessBus;
import org.blindgate.gateway.routing.MessageRelay;
import org.blindgate.gateway.routing.Receipts;
import org.blindgate.gateway.routing.Replay;
import org.blindgate.gateway.session.ConnectionRegistry;
import org.blindgate.gateway.session.SessionMetrics;
import org.blindgate.gateway.session.SessionServices;
import org.blindgate.gateway.session.WebSocketEndpoint;
import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.ConversationStore;
import org.blindgate.gateway.store.DeviceStore;
import org.blindgate.gateway.store.GatewayDatabase;
import org.blindgate.gateway.store.MessageStore;
import org.blindgate.gateway.store.MessageWriter;
import org.blindgate.gateway.store.RefreshTokenStore;
import org.blindgate.gateway.store.UserStore;
import org.blindgate.protocol.Limits;
import org.blindgate.service.auth.BearerAuth;
import org.blindgate.service.db.Database;
import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.Http;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.RateLimiter;
import org.blindgate.token.SigningKeys;
import org.blindgate.token.TokenIssuer;
import org.blindgate.token.TokenVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway, wired by hand from its configuration: {@link #start} and {@link #close}. Wiring only. */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Frames above the protocol's 4096 bytes are refused with too_large; above this, the socket closes with 1009. */
    private static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024;
    private static final long HOUSEKEEPING_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final Vertx vertx;
    private final Database database;
    private final MessageWriter writer;
    private final Blocking blocking;
    private final ConnectionRegistry registry;
    private final Bus bus;
    private final HttpServer server;
    private final PrometheusMeterRegistry metrics;

    private Gateway(Vertx vertx, Database database, MessageWriter writer, Blocking blocking,
            ConnectionRegistry registry, Bus bus, HttpServer server, PrometheusMeterRegistry metrics) {
        this.vertx = vertx;
        this.database = database;
        this.writer = writer;
        this.blocking = blocking;
        this.registry = registry;
        this.bus = bus;
        this.server = server;
        this.metrics = metrics;
    }

    /** Opens the store, binds the listener and returns once it accepts connections. Blocking. */
    public static Gateway start(GatewayConfig config) {
        Clock clock = Clock.systemUTC();
        GatewayConfig.Storage storage = config.storage();
        try {
            if (!Files.isDirectory(storage.dataDir())) {
                // Owner-only: the directory holds the metadata database and the token-signing key.
                Files.createDirectories(storage.dataDir());
                if (storage.dataDir().getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(storage.dataDir(), PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + storage.dataDir(), e);
        }
        String url = storage.dbUrl() != null ? storage.dbUrl() : GatewayDatabase.h2Url(storage.dataDir());
        Database database = GatewayDatabase.open(url, storage.dbUser(),
                storage.dbPassword() == null ? null : storage.dbPassword().value(), storage.poolSize());
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Java NIO: Netty's native epoll transport measured no faster here (docs/performance.md,
        // fifth session), so none is shipped.
        Vertx vertx = Vertx.vertx();
        try {
            return wire(config, clock, database, metrics, vertx);
        } catch (RuntimeException e) {
            vertx.close();
            database.close();
            throw e;
        }
    }

    private static Gateway wire(GatewayConfig config, Clock clock, Database database,
            PrometheusMeterRegistry metrics, Vertx vertx) {
        GatewayConfig.Auth auth = config.auth();
        Blocking blocking = new Blocking(vertx, config.storage().poolSize());
        UserStore users = new UserStore(database);
        DeviceStore devices = new DeviceStore(database);
        MessageStore messages = new MessageStore(database);
        MessageWriter writer = new MessageWriter(database, clock, config.storage().batch(), metrics);

        SessionMetrics sessionMetrics = new SessionMetrics(metrics);
        ConnectionRegistry registry = new ConnectionRegistry(sessionMetrics);
        Bus bus = new InProcessBus(registry);
        registry.attach(bus);
        metrics.gauge("blindgate.connections", registry, ConnectionRegistry::connections);
        Dispatcher router = new Dispatcher(bus);

        SigningKeys keys = null;
        TokenVerifier verifier;
        if (auth.external()) {
            verifier = TokenVerifier.remote(auth.externalJwks(), auth.issuer(), auth.audience(), auth.clockSkew());
        } else {
            keys = SigningKeys.loadOrCreate(config.storage().dataDir().resolve("signing-keys.json"), clock,
                    auth.keyRotation(), auth.accessTokenLifetime().plus(auth.clockSkew()));
            verifier = TokenVerifier.local(keys, auth.issuer(), auth.audience(), auth.clockSkew(), clock);
        }
        Authenticator authenticator = new Authenticator(verifier, auth.external(), users, devices, blocking, clock,
                auth.clockSkew());
        Accounts.Credentials credentials = null;
        if (!auth.external()) {
            LoginThrottle throttle = new LoginThrottle(
                    new RateLimiter(auth.loginBurstPerUsername(), Duration.ofSeconds(6)),
                    new RateLimiter(auth.loginBurstPerAddress(), Duration.ofMillis(100)));
            credentials = new Accounts.Credentials(new PasswordHasher(auth.passwordHashing()),
                    new TokenIssuer(keys, auth.issuer(), auth.audience(), auth.accessTokenLifetime(), clock),
                    auth.refreshTokenLifetime(), throttle);
        }
        RefreshTokenStore refreshTokens = new RefreshTokenStore(database);
        Accounts accounts = new Accounts(users, devices, refreshTokens, credentials, router, writer, clock);

        SessionServices services = new SessionServices(authenticator, new MessageRelay(writer, router),
                new Replay(messages, blocking), new Receipts(messages, router, blocking, clock), registry,
                sessionMetrics, config.session());

        Router http = Router.router(vertx);
        // Only POST carries a body here; the WebSocket upgrade and GETs never go through it.
        http.post().handler(BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false));
        http.get("/v1/ws").handler(new WebSocketEndpoint(vertx, services)::handle);
        new AuthRoutes(accounts, users, authenticator, blocking, keys).mount(http);
        new ConversationRoutes(new ConversationStore(database), messages, blocking,
                new BearerAuth<>(authenticator::authenticate, Caller::userId)).mount(http);
        http.get("/health/live").handler(ctx -> Http.json(ctx, 200, Map.of("status", "up")));
        http.get("/health/ready").handler(ctx -> blocking.run(database::isReachable).onComplete(ar -> {
            boolean up = ar.succeeded() && ar.result();
            Http.json(ctx, up ? 200 : 503, Map.of("status", up ? "up" : "down"));
        }));
        http.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
        http.route().last().handler(ctx -> Http.error(ctx, new ApiException(
                HttpError.NOT_FOUND, "no such endpoint")));
        http.route().failureHandler(ctx -> Http.failure(ctx, ctx.failure() != null ? ctx.failure()
                : new ApiException(statusError(ctx.statusCode()), "request refused")));

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.listen().host())
                .setPort(config.listen().port())
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
                .setWebSocketSubProtocols(List.of(Limits.SUBPROTOCOL))
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
            writer.close();
            throw new IllegalStateException("cannot listen on " + config.listen().host() + ":"
                    + config.listen().port() + ": " + rootMessage(e), e);
        }

        SigningKeys ring = keys;
        vertx.setPeriodic(HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, t -> blocking.run(() -> {
            int purged = messages.purgeOlderThan(clock.instant().minus(config.retention()));
            if (purged > 0) {
                log.info("retention: purged {} message metadata rows older than {}", purged, config.retention());
            }
            refreshTokens.purgeExpired(clock.instant());
            if (ring != null) {
                ring.rotateIfDue();
            }
            return null;
        }).onFailure(e -> log.warn("housekeeping failed: {}", e.toString())));

        return new Gateway(vertx, database, writer, blocking, registry, bus, server, metrics);
    }

    private static HttpError statusError(int status) {
        return switch (status) {
            case 413 -> HttpError.TOO_LARGE;
            case 404 -> HttpError.NOT_FOUND;
            case 401 -> HttpError.UNAUTHORIZED;
            case 403 -> HttpError.FORBIDDEN;
            case 400, 405 -> HttpError.INVALID_REQUEST;
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

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops accepting, tells connected clients to come back later (1001), writes what is
     * queued, then closes the store. Blocking; safe to call twice.
     */
    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the listener: {}", e.toString());
        }
        registry.closeAll();
        writer.close();
        bus.close();
        blocking.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing Vert.x: {}", e.toString());
        }
        database.close();
    }
}
