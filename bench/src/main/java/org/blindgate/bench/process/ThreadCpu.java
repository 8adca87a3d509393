package org.blindgate.bench.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds used so far by the threads of some processes, summed per thread group, from
 * {@code /proc/PID/task/TID/stat} (Linux only). A group is a thread's name without its number
 * ({@code blindgate-db-3} and {@code blindgate-db-5} are {@code blindgate-db}); the kernel keeps
 * only the first 15 characters of a name ({@code vert.x-eventloo}).
 *
 * <p>Why: a figure of CPU per message says how much, not where. Taken around a steady phase,
 * this says which thread is the limit (a saturated event loop, a writer waiting on its database,
 * the JIT compiler still at work) in every run, without a profiler's overhead.
 */
public final class ThreadCpu {

    /** Groups below this share of a core are left out of {@link #coresSince}. */
    private static final double SHOWN_CORES = 0.01;

    private final Map<String, Double> seconds;

    private ThreadCpu(Map<String, Double> seconds) {
        this.seconds = seconds;
    }

    /** A snapshot of the threads of {@code pids} now (processes that are gone count nothing). */
    public static ThreadCpu of(Collection<Long> pids) {
        Map<String, Double> seconds = new HashMap<>();
        for (long pid : pids) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    String stat = read(task.resolve("stat"));
                    if (stat != null) {
                        seconds.merge(group(stat), ProcStats.cpuSecondsOf(stat), Double::sum);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a process that exited, or no /proc: nothing to count
            }
        }
        return new ThreadCpu(seconds);
    }

    /**
     * Cores each group used since {@code before} over {@code elapsedSeconds}, busiest first;
     * threads that ended in between are not counted.
     */
    public Map<String, Double> coresSince(ThreadCpu before, double elapsedSeconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        seconds.entrySet().stream()
                .map(e -> Map.entry(e.getKey(),
                        (e.getValue() - before.seconds.getOrDefault(e.getKey(), 0.0)) / elapsedSeconds))
                .filter(e -> e.getValue() >= SHOWN_CORES)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> cores.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return cores;
    }

    /** {@code vert.x-eventloo 0.45, blindgate-write 0.12, ...}, or {@code -} for none. */
    public static String describe(Map<String, Double> cores) {
        if (cores.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        cores.forEach((name, c) -> s.append(s.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format("%.2f", c)));
        return s.toString();
    }

    /**
     * The thread's name from {@code stat}'s second field without its number: trailing
     * ({@code blindgate-db-3}, {@code GC Thread#0}) or leading, as Erlang numbers its schedulers
     * ({@code 2_scheduler}).
     */
    static String group(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String group = name.replaceFirst("[0-9#_ -]+$", "").replaceFirst("^[0-9]+_", "");
        return group.isEmpty() ? name : group;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
