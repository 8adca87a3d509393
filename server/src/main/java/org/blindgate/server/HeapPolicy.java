package org.blindgate.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the JVM give free heap back to the system, unless the operator chose otherwise.
 *
 * <p>A gateway spends its life holding mostly idle WebSockets, and a reconnect storm (a deploy, a
 * network blip) grows the heap far beyond what the connections keep alive. With G1's defaults the
 * JVM keeps that heap: it resizes only at a full collection or at the end of a concurrent cycle,
 * an idle server starts neither, and then it keeps up to {@code MaxHeapFreeRatio} = 70 % free.
 * That was 31 KiB of resident memory per idle connection against 14 KiB with the settings below
 * (docs/performance.md, idle):
 * <ul>
 *   <li>{@code MinHeapFreeRatio=10}, {@code MaxHeapFreeRatio=20}: resize to the live heap plus
 *       10–20 %;</li>
 *   <li>{@code G1PeriodicGCInterval=60000}: after a minute without any collection (so only when
 *       idle), G1 runs a concurrent cycle, which ends with that resize.</li>
 * </ul>
 * All three are manageable flags, so the server sets them at start-up, each only while it still
 * has its built-in default: the operator's {@code -XX:} on the command line wins.
 */
final class HeapPolicy {

    static final String MIN_FREE = "MinHeapFreeRatio";
    static final String MAX_FREE = "MaxHeapFreeRatio";
    static final String PERIODIC_GC = "G1PeriodicGCInterval";

    private HeapPolicy() {
    }

    /** Returns what it did, for the start-up log. */
    static String apply() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null) {
            return "heap policy: left to this JVM (not HotSpot)";
        }
        List<String> changed = new ArrayList<>();
        // The ratios go together: a maximum below the operator's minimum would be refused.
        if (isDefault(vm, MIN_FREE) && isDefault(vm, MAX_FREE)) {
            // The minimum first: the JVM refuses a maximum below the current minimum (default 40).
            set(vm, MIN_FREE, "10", changed);
            set(vm, MAX_FREE, "20", changed);
        }
        if (isDefault(vm, PERIODIC_GC)) {
            set(vm, PERIODIC_GC, "60000", changed);
        }
        String what = changed.isEmpty() ? "as set on the command line" : "set " + String.join(", ", changed);
        return "heap policy: " + what + " (" + current(vm, MIN_FREE) + ", " + current(vm, MAX_FREE) + ", "
                + current(vm, PERIODIC_GC) + " ms)";
    }

    private static String current(HotSpotDiagnosticMXBean vm, String flag) {
        return flag + "=" + vm.getVMOption(flag).getValue();
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String flag) {
        return vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
    }

    private static void set(HotSpotDiagnosticMXBean vm, String flag, String value, List<String> changed) {
        vm.setVMOption(flag, value);
        changed.add(flag);
    }
}
