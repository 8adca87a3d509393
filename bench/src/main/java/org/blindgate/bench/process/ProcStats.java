package org.blindgate.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * CPU time and resident memory of processes, read from {@code /proc} (Linux only). CPU is
 * {@code utime + stime} of {@code /proc/PID/stat}, in clock ticks of {@value #TICKS_PER_SECOND}
 * per second (the {@code USER_HZ} of every Linux architecture the bench runs on), so it counts
 * all threads of the process, including GC and JIT.
 */
public final class ProcStats {

    /** {@code sysconf(_SC_CLK_TCK)}: 100 on x86_64 and arm64 Linux. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** CPU seconds used so far by {@code pid} (0 if it is gone). */
    public static double cpuSeconds(long pid) {
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code utime + stime} of the text of a process's or a thread's {@code stat} file, in seconds. */
    static double cpuSecondsOf(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count from after it.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
    }

    /** CPU seconds of several processes together. */
    public static double cpuSeconds(Collection<Long> pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += cpuSeconds(pid);
        }
        return sum;
    }

    /** Resident set size of {@code pid} in KiB ({@code VmRSS}), or 0 if it is gone. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Resident set size of several processes together, in KiB. */
    public static long rssKib(Collection<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += rssKib(pid);
        }
        return sum;
    }

    /** The soft and hard limit on open files of this process, from {@code /proc/self/limits}. */
    public static long[] openFileLimits() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {parseLimit(f[0]), parseLimit(f[1])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: unknown
        }
        return new long[] {-1, -1};
    }

    /** Open file descriptors of this process now. */
    public static int openFiles() {
        String[] fds = Path.of("/proc/self/fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    private static long parseLimit(String s) {
        return "unlimited".equals(s) ? Long.MAX_VALUE : Long.parseLong(s);
    }
}
