package org.blindgate.server;

import java.util.concurrent.CountDownLatch;
import org.blindgate.gateway.Gateway;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.server.Settings.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code blindgate-server}: reads the settings ({@link Settings}), starts the gateway, logs one
 * line saying where it listens, and on SIGTERM (or Ctrl-C) closes it and exits 0.
 *
 * <p>Exit codes: 0 after a clean stop, or after {@code --help}/{@code --version}; 1 when the
 * gateway cannot start (port in use, database unreachable); 2 for invalid settings. Errors are
 * one sentence on stderr, never a stack trace: they are read by operators and scripts.
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
        } catch (SettingsException e) {
            System.err.println(Settings.program() + ": " + e.getMessage());
            System.exit(EXIT_INVALID_SETTINGS);
            return;
        }
        serve(config, settings.options());
    }

    private static void serve(GatewayConfig config, ServerOptions options) {
        // Logging starts here, not in a static field: --help and setting errors print nothing else.
        Logger log = LoggerFactory.getLogger(BlindgateServer.class);
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (RuntimeException e) {
            log.debug("start-up failed", e);
            System.err.println(Settings.program() + ": could not start: " + firstLine(e));
            System.exit(EXIT_START_FAILED);
            return;
        }
        log.info("Blindgate gateway listening on {} ({})", listenUrl(config.listen(), gateway.port()),
                options.storageDescription());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 0;
            try {
                gateway.close();
                log.info("Blindgate gateway stopped");
            } catch (RuntimeException e) {
                log.error("Blindgate gateway did not stop cleanly: {}", firstLine(e));
                status = EXIT_START_FAILED;
            }
            // After SIGTERM the JVM would exit with 143 even though everything closed in order;
            // supervisors (Docker, Kubernetes, scripts) read that as a failure. Halting from the last
            // step of the hook reports what happened instead. No other hook of ours needs to run:
            // H2's own closer is turned off (see ServerOptions) and Logback flushes every line.
            Runtime.getRuntime().halt(status);
        }, "blindgate-shutdown"));

        // Nothing for the main thread to do: the gateway runs on its own threads, and the hook ends
        // the process. Waiting here keeps the JVM alive whether or not those threads are daemons.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code http://127.0.0.1:8080}, with brackets around an IPv6 host. */
    static String listenUrl(GatewayConfig.Listen listen, int port) {
        String host = listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host();
        return (listen.tls() ? "https" : "http") + "://" + host + ":" + port;
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
