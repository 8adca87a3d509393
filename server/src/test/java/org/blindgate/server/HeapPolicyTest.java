package org.blindgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** On this test JVM itself, whose heap ratios start at their defaults (nothing in the build sets them). */
class HeapPolicyTest {

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void returnsFreeHeapEagerlyUnlessTheOperatorSetTheRatios() {
        assumeTrue(vm.getVMOption("MaxHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT,
                "this JVM was started with explicit heap ratios");

        assertThat(HeapPolicy.apply()).contains("returned eagerly");
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("20");

        // An operator's value (here set through management, like -XX: on the command line) is kept.
        vm.setVMOption("MaxHeapFreeRatio", "50");
        assertThat(HeapPolicy.apply()).contains("as set");
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("50");
    }
}
