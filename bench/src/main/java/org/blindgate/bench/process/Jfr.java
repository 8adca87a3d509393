package org.blindgate.bench.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Java Flight Recorder on a child JVM through {@code jcmd}, so the bench can profile the system
 * it measures during exactly the steady phase ({@code --jfr DIR}).
 */
public final class Jfr {

    private Jfr() {
    }

    /** Starts a profiling recording named {@code name} in the JVM {@code pid}. */
    public static void start(long pid, String name) {
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile");
    }

    /** Dumps and stops the recording to {@code file}. */
    public static void stop(long pid, String name, Path file) {
        jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    /** Runs a full GC in {@code pid} (before reading its memory). */
    public static void gc(long pid) {
        jcmd(pid, "GC.run");
    }

    private static void jcmd(long pid, String... command) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("jcmd " + String.join(" ", command) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
