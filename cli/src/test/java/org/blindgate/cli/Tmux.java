package org.blindgate.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A private tmux server (its own socket, no configuration file) whose sessions run commands in
 * real terminals; the test types into them with {@code send-keys} and reads them with
 * {@code capture-pane}. Each command's arguments go through a java {@code @argfile}, since a test
 * classpath is longer than tmux accepts on its command line.
 */
final class Tmux implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(45);

    private final String socket = "blindgate-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final Path dir;

    Tmux(Path dir) {
        this.dir = dir;
        if (!onPath("tmux")) {
            throw new AssertionError("tmux is needed to drive the interactive client in a real terminal; install it "
                    + "(apt-get install tmux; .ci/run does)");
        }
    }

    /** Starts session {@code name} running {@code command} in a 120×40 UTF-8 terminal; kept when it exits. */
    void start(String name, List<String> command) throws IOException, InterruptedException {
        Path argFile = dir.resolve(name + ".args");
        List<String> quoted = command.subList(1, command.size()).stream().map(Tmux::argFileQuoted).toList();
        Files.write(argFile, quoted, StandardCharsets.UTF_8);
        tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                "exec '" + command.get(0) + "' @'" + argFile + "'");
        tmux("set-option", "-t", name, "remain-on-exit", "on");
    }

    /** Types {@code text} literally, then Enter. */
    void type(String name, String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", name, "-l", text);
        tmux("send-keys", "-t", name, "Enter");
    }

    /** Sends a key by its tmux name ({@code C-d}). */
    void key(String name, String key) throws IOException, InterruptedException {
        tmux("send-keys", "-t", name, key);
    }

    /** What the terminal shows, scroll-back included, wrapped lines joined. */
    String screen(String name) throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-1000", "-t", name);
    }

    /** Waits until the terminal shows {@code text}. */
    void awaitShown(String name, String text) {
        await(name + "'s terminal to show '" + text + "'").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> screen(name).contains(text));
    }

    /**
     * Waits for the command to end and returns its exit status. tmux marks a pane dead when its
     * terminal closes, which can come before it has reaped the process and so before it knows the
     * status (an empty {@code pane_dead_status} was read once): wait for the status, or for the
     * signal that ended the process, too.
     */
    int awaitExit(String name) {
        AtomicReference<String[]> dead = new AtomicReference<>();
        await(name + "'s command to exit").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            String[] f = tmux("display-message", "-p", "-t", name,
                    "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}").strip().split(":", -1);
            dead.set(f);
            return f.length == 3 && f[0].equals("1") && !(f[1].isEmpty() && f[2].isEmpty());
        });
        String[] f = dead.get();
        if (f[1].isEmpty()) {
            throw new AssertionError(name + "'s command was ended by signal " + f[2]);
        }
        return Integer.parseInt(f[1]);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // The panes inherit this environment: UTF-8 for the ticks, and no secrets from the machine.
        pb.environment().keySet().removeIf(k -> k.startsWith("BLINDGATE_"));
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static String argFileQuoted(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(java.io.File.pathSeparator)).stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
