package org.blindgate.bench.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.blindgate.bench.load.LoadDriver;
import org.blindgate.bench.load.MessageFrame;
import org.blindgate.bench.process.ChildProcess;
import org.blindgate.bench.process.FreePort;

/**
 * ejabberd (the Debian package) as the XMPP peer, set up the way its own users would run it for
 * speed (shared/PEERS.md): its own config directory, spool and logs; its own PostgreSQL database
 * with ejabberd's {@code pg.new.sql} schema; SQL authentication, offline storage (mod_offline,
 * SQL) and stream management; no c2s shaper; a WebSocket listener (RFC 7395) on loopback with a
 * backlog of 1024. It runs as the {@code ejabberd} user with a raised open-file limit. Users are
 * inserted into its {@code users} table before the timed phase (plain passwords, SASL PLAIN).
 *
 * <p>ejabberd routes an online chat message without writing it anywhere (only offline messages
 * and, if enabled, the archive are stored), unlike the gateway, which commits every message
 * before its ack.
 */
public final class EjabberdTarget implements Target {

    private static final String DOMAIN = "bench.local";
    private static final String PASSWORD = "bench-password-1";
    private static final String SCHEMA = "/usr/share/ejabberd/sql/pg.new.sql";

    private final TargetEnv env;
    private final String postgresUrl;
    private final String postgresUser;
    private final String ejabberdctl;
    private final int openFiles;
    private final List<String> accounts = new ArrayList<>();
    private PostgresDatabase database;
    private ChildProcess process;
    private boolean closed;
    private Path dir;
    private String node;
    private int port;
    private long beamPid = -1;

    public EjabberdTarget(TargetEnv env, String postgresUrl, String postgresUser, String ejabberdctl, int openFiles) {
        this.env = env;
        this.postgresUrl = postgresUrl;
        this.postgresUser = postgresUser;
        this.ejabberdctl = ejabberdctl;
        this.openFiles = openFiles;
    }

    /** Why ejabberd cannot run here, or null. */
    public static String unavailable(String ejabberdctl) {
        if (!Files.isExecutable(Path.of(ejabberdctl))) {
            return ejabberdctl + " not found (apt-get install -y ejabberd erlang-p1-pgsql)";
        }
        if (!Files.isRegularFile(Path.of(SCHEMA))) {
            return SCHEMA + " not found (the ejabberd package ships it)";
        }
        if (!Files.isDirectory(Path.of("/usr/lib/erlang/lib")) || !hasPgsqlDriver()) {
            return "ejabberd's PostgreSQL driver is missing (apt-get install -y erlang-p1-pgsql)";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "ejabberd is run as its own user through su, which needs root";
        }
        return null;
    }

    private static boolean hasPgsqlDriver() {
        try (var s = Files.list(Path.of("/usr/lib/erlang/lib"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("p1_pgsql"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "ejabberd";
    }

    @Override
    public String description() {
        return "ejabberd (Debian package; PostgreSQL " + (database == null ? "" : database.name())
                + ", SQL auth, mod_offline (SQL), mod_stream_mgmt, no shaper, WebSocket RFC 7395; acks by XEP-0198 "
                + "<r/>/<a/> after each message; online messages are routed without a write)";
    }

    @Override
    public void start() throws Exception {
        database = PostgresDatabase.create(postgresUrl, postgresUser, "ejb_bench");
        run(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", postgresUser, "-d", database.name(),
                "-f", SCHEMA), Duration.ofSeconds(60));
        dir = Files.createTempDirectory(env.workDir(), "ejabberd-");
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("logs"));
        port = FreePort.find();
        Files.writeString(dir.resolve("ejabberd.yml"), config());
        Files.writeString(dir.resolve("ejabberdctl.cfg"), "ERL_OPTIONS=\"-env ERL_CRASH_DUMP_BYTES 0\"\n"
                + "ERL_MAX_PORTS=" + Math.max(32000, openFiles + 1000) + "\n");
        Files.writeString(dir.resolve("inetrc"), "{lookup,[file,native]}.\n{host,{127,0,0,1}, [\"localhost\"]}.\n");
        // ejabberd runs as its own user: it must be able to reach and own its directory.
        for (Path p = dir.getParent(); p != null && p.startsWith(env.workDir().getParent()); p = p.getParent()) {
            run(List.of("chmod", "a+x", p.toString()), Duration.ofSeconds(10));
            if (p.equals(env.workDir())) {
                break;
            }
        }
        run(List.of("chown", "-R", "ejabberd:ejabberd", dir.toString()), Duration.ofSeconds(10));
        node = "ejbench" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "@localhost";
        String ctl = ejabberdctl + " --config-dir " + dir + " --config " + dir.resolve("ejabberd.yml") + " --logs "
                + dir.resolve("logs") + " --spool " + dir.resolve("spool") + " --node " + node;
        // su from root resets the soft open-file limit to 1024; at 1,000 sockets Mnesia would die of EMFILE.
        process = ChildProcess.start("ejabberd", List.of("su", "ejabberd", "-s", "/bin/bash", "-c",
                "ulimit -n " + openFiles + " && cd " + dir + " && exec " + ctl + " foreground"), dir.resolve("console.log"));
        awaitPort(Duration.ofSeconds(90));
        beamPid = findBeam().orElse(-1L);
        env.progress().line("[ejabberd] started (node %s, beam pid %d, WebSocket port %d)", node, beamPid, port);
    }

    private String config() {
        return String.join("\n",
                "loglevel: warning",
                "hosts:",
                "  - " + DOMAIN,
                "sql_type: pgsql",
                "sql_server: \"127.0.0.1\"",
                "sql_port: 5432",
                "sql_database: \"" + database.name() + "\"",
                "sql_username: \"" + postgresUser + "\"",
                "sql_password: \"\"",
                "sql_pool_size: 10",
                "new_sql_schema: true",
                "default_db: sql",
                "auth_method: sql",
                "auth_password_format: plain",
                "registration_timeout: infinity",
                "listen:",
                "  -",
                "    port: " + port,
                "    ip: \"127.0.0.1\"",
                "    module: ejabberd_http",
                "    tls: false",
                "    backlog: 1024",
                "    request_handlers:",
                "      /ws: ejabberd_http_ws",
                "shaper: {}",
                "shaper_rules:",
                "  max_user_sessions: 10",
                "  max_user_offline_messages: 1000000",
                "  c2s_shaper: none",
                "acl:",
                "  local:",
                "    user_regexp: \"\"",
                "access_rules:",
                "  local:",
                "    allow: local",
                "  c2s:",
                "    allow: all",
                "modules:",
                "  mod_roster: {}",
                "  mod_offline:",
                "    access_max_user_messages: max_user_offline_messages",
                "  mod_stream_mgmt:",
                "    resend_on_timeout: if_offline",
                "  mod_ping: {}",
                "");
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ejabberd exited before it was ready; its console:\n" + process.tail(20)
                        + "\nits log:\n" + tail(dir.resolve("logs/ejabberd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                sleep(200);
            }
        }
        throw new IllegalStateException("ejabberd did not listen on " + port + " within " + timeout.toSeconds()
                + " s; its log:\n" + tail(dir.resolve("logs/ejabberd.log")));
    }

    private Optional<Long> findBeam() {
        return ProcessHandle.of(process.pid()).flatMap(p -> p.descendants()
                .filter(d -> d.info().command().map(c -> c.contains("beam")).orElse(false))
                .map(ProcessHandle::pid).findFirst());
    }

    /** Inserts the users into ejabberd's own table, before anything is timed. */
    @Override
    public void provision(int count) throws Exception {
        String tag = Long.toString(System.nanoTime() % 1_000_000L, 36);
        try (Connection c = database.connect();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (username, server_host, password) VALUES (?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                String name = "u" + tag + "_" + i;
                accounts.add(name);
                ps.setString(1, name);
                ps.setString(2, DOMAIN);
                ps.setString(3, PASSWORD);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public LoadDriver.Connector connector() {
        return (index, self, partner, context, listener) -> XmppLink.open(env.clients().webSocket(index), "127.0.0.1",
                port, context, DOMAIN, accounts.get(self), PASSWORD, accounts.get(partner),
                MessageFrame.to(new UUID(0, partner), env.frameBytes(), env.ids()), env.ids(), listener);
    }

    @Override
    public List<Long> serverPids() {
        return beamPid < 0 ? List.of() : List.of(beamPid);
    }

    @Override
    public List<Long> databasePids() {
        return database == null ? List.of() : database.backendPids();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process != null && process.isAlive()) {
            try {
                run(List.of("su", "ejabberd", "-s", "/bin/bash", "-c", ejabberdctl + " --config-dir " + dir
                        + " --node " + node + " stop"), Duration.ofSeconds(30));
            } catch (Exception e) {
                // fall back to signals
            }
            ProcessHandle.of(process.pid()).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroy));
            process.close();
            if (beamPid > 0) {
                ProcessHandle.of(beamPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        if (database != null) {
            database.close();
        }
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + new String(out));
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
