package org.blindgate.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * Makes the JVM give free heap back to the system, unless the operator chose otherwise.
 *
 * <p>A gateway spends its life holding mostly idle WebSockets, and a reconnect storm (a deploy, a
 * network blip) grows the heap far beyond what the connections keep alive. With G1's default
 * {@code MaxHeapFreeRatio} of 70 the JVM keeps about three times the live heap afterwards:
 * 31 KiB of resident memory per idle connection against 15 KiB with the ratios below
 * (docs/performance.md, idle). Both flags are manageable, so the server sets them at start-up,
 * and only while they still have their built-in defaults: {@code -XX:MinHeapFreeRatio} or
 * {@code -XX:MaxHeapFreeRatio} on the command line wins.
 */
final class HeapPolicy {

    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 20;

    private HeapPolicy() {
    }

    /** Returns what it did, for the start-up log. */
    static String apply() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null) {
            return "heap ratios: left to this JVM (not HotSpot)";
        }
        VMOption min = vm.getVMOption("MinHeapFreeRatio");
        VMOption max = vm.getVMOption("MaxHeapFreeRatio");
        if (min.getOrigin() != VMOption.Origin.DEFAULT || max.getOrigin() != VMOption.Origin.DEFAULT) {
            return "heap ratios: as set (MinHeapFreeRatio=" + min.getValue() + ", MaxHeapFreeRatio=" + max.getValue()
                    + ")";
        }
        // Lower the minimum first: the JVM refuses a maximum below the current minimum (default 40).
        vm.setVMOption("MinHeapFreeRatio", String.valueOf(MIN_FREE_PERCENT));
        vm.setVMOption("MaxHeapFreeRatio", String.valueOf(MAX_FREE_PERCENT));
        return "heap ratios: free heap returned eagerly (MinHeapFreeRatio=" + MIN_FREE_PERCENT + ", MaxHeapFreeRatio="
                + MAX_FREE_PERCENT + ")";
    }
}
