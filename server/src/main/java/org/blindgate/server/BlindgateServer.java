package org.blindgate.server;

import java.net.URL;
import java.util.concurrent.CountDownLatch;
import org.blindgate.gateway.Gateway;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.server.Settings.SettingsException;
import org.blindgate.vault.Vault;
import org.blindgate.vault.VaultConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code blindgate-server}: reads the settings ({@link Settings}), starts the gateway, the vault or
 * both ({@code --role}), logs one line for each saying where it listens, and on SIGTERM (or
 * Ctrl-C) closes them and exits 0.
 *
 * <p>The two share the process and nothing else: each has its own Vert.x, port, database and data
 * directory, and the vault checks the gateway's tokens through the gateway's public JWKS, as it
 * would from another machine.
 *
 * <p>Exit codes: 0 after a clean stop, or after {@code --help}/{@code --version}; 1 when a service
 * cannot start (port in use, database unreachable); 2 for invalid settings. Errors are one
 * sentence on stderr, never a stack trace: they are read by operators and scripts.
 */
public final class BlindgateServer {

    static final int EXIT_START_FAILED = 1;
    static final int EXIT_INVALID_SETTINGS = 2;

    private BlindgateServer() {
    }

    public static void main(String[] args) {
        GatewayConfig config;
        Settings settings;
        try {
            settings = Settings.parse(args, System.getenv());
            if (settings.helpRequested()) {
                Settings.printHelp(System.out);
                return;
            }
            if (settings.versionRequested()) {
                Settings.printVersion(System.out);
                return;
            }
            config = settings.gatewayConfig();
            if (settings.options().role.runsVault()) {
                settings.vaultConfig(config.listen().port()); // every setting is checked before anything starts
            }
        } catch (SettingsException e) {
            System.err.println(Settings.program() + ": " + e.getMessage());
            System.exit(EXIT_INVALID_SETTINGS);
            return;
        }
        serve(config, settings);
    }

    private static void serve(GatewayConfig config, Settings settings) {
        // Logging starts here, not in a static field: --help and setting errors print nothing else.
        Logger log = LoggerFactory.getLogger(BlindgateServer.class);
        // DEBUG: the start-up output is one line per service, the gateway's first, and scripts read it.
        log.debug(HeapPolicy.apply());
        ServerOptions options = settings.options();
        Gateway gateway = null;
        if (options.role.runsGateway()) {
            try {
                gateway = Gateway.start(config);
            } catch (RuntimeException e) {
                failedToStart(log, e);
                return;
            }
            log.info("Blindgate gateway listening on {} ({})", listenUrl(config.listen().host(),
                    config.listen().tls(), gateway.port()), options.storageDescription());
        }
        Vault vault = null;
        if (options.role.runsVault()) {
            VaultConfig vaultConfig = settings.vaultConfig(gateway != null ? gateway.port() : config.listen().port());
            try {
                vault = Vault.start(vaultConfig);
            } catch (RuntimeException e) {
                if (gateway != null) {
                    gateway.close();
                }
                failedToStart(log, e);
                return;
            }
            log.info("Blindgate vault listening on {} ({}; tokens checked against {})",
                    listenUrl(vaultConfig.listen().host(), vaultConfig.listen().tls(), vault.port()),
                    options.vaultStorageDescription(), withoutUserInfo(vaultConfig.auth().jwksUrl()));
        }

        Gateway runningGateway = gateway;
        Vault runningVault = vault;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 0;
            if (runningVault != null) {
                try {
                    runningVault.close();
                    log.info("Blindgate vault stopped");
                } catch (RuntimeException e) {
                    log.error("Blindgate vault did not stop cleanly: {}", firstLine(e));
                    status = EXIT_START_FAILED;
                }
            }
            if (runningGateway != null) {
                try {
                    runningGateway.close();
                    log.info("Blindgate gateway stopped");
                } catch (RuntimeException e) {
                    log.error("Blindgate gateway did not stop cleanly: {}", firstLine(e));
                    status = EXIT_START_FAILED;
                }
            }
            // After SIGTERM the JVM would exit with 143 even though everything closed in order;
            // supervisors (Docker, Kubernetes, scripts) read that as a failure. Halting from the last
            // step of the hook reports what happened instead. No other hook of ours needs to run:
            // H2's own closer is turned off (see ServerOptions) and Logback flushes every line.
            Runtime.getRuntime().halt(status);
        }, "blindgate-shutdown"));

        // Nothing for the main thread to do: the services run on their own threads, and the hook ends
        // the process. Waiting here keeps the JVM alive whether or not those threads are daemons.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void failedToStart(Logger log, RuntimeException e) {
        log.debug("start-up failed", e);
        System.err.println(Settings.program() + ": could not start: " + firstLine(e));
        System.exit(EXIT_START_FAILED);
    }

    /** {@code http://127.0.0.1:8080}, with brackets around an IPv6 host. */
    static String listenUrl(String host, boolean tls, int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https" : "http") + "://" + h + ":" + port;
    }

    /** {@code http://127.0.0.1:8080}, with brackets around an IPv6 host. */
    static String listenUrl(GatewayConfig.Listen listen, int port) {
        return listenUrl(listen.host(), listen.tls(), port);
    }

    /** A URL fit for a log line: without user info or query, which might hold a credential. */
    static String withoutUserInfo(URL url) {
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + url.getPath();
    }

    /**
     * The first line of the most telling message: the exception's own, or its root cause's when
     * it has none (Flyway and Hikari messages run over several lines).
     */
    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
