package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** On this test JVM itself, whose heap flags start at their defaults (nothing in the build sets them). */
class HeapPolicyTest {

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void returnsFreeHeapEagerlyUnlessTheOperatorSetTheFlags() {
        assumeTrue(vm.getVMOption(HeapPolicy.MAX_FREE).getOrigin() == VMOption.Origin.DEFAULT
                && vm.getVMOption(HeapPolicy.PERIODIC_GC).getOrigin() == VMOption.Origin.DEFAULT,
                "this JVM was started with explicit heap flags");

        assertThat(HeapPolicy.apply()).contains("set MinHeapFreeRatio, MaxHeapFreeRatio, G1PeriodicGCInterval");
        assertThat(value(HeapPolicy.MIN_FREE)).isEqualTo("10");
        assertThat(value(HeapPolicy.MAX_FREE)).isEqualTo("20");
        assertThat(value(HeapPolicy.PERIODIC_GC)).isEqualTo("60000");

        // An operator's values (here set through management; -XX: on the command line is alike) are kept.
        vm.setVMOption(HeapPolicy.MAX_FREE, "50");
        vm.setVMOption(HeapPolicy.PERIODIC_GC, "0");
        assertThat(HeapPolicy.apply()).contains("as set on the command line");
        assertThat(value(HeapPolicy.MAX_FREE)).isEqualTo("50");
        assertThat(value(HeapPolicy.PERIODIC_GC)).isEqualTo("0");
    }

    private String value(String flag) {
        return vm.getVMOption(flag).getValue();
    }
}
