package org.blindgate.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void groupsThreadsByTheirNameWithoutItsNumber() {
        assertThat(ThreadCpu.group("12 (blindgate-db-3) S 1 2")).isEqualTo("blindgate-db");
        assertThat(ThreadCpu.group("12 (GC Thread#1) S 1 2")).isEqualTo("GC Thread");
        assertThat(ThreadCpu.group("12 (C2 CompilerThre) S 1 2")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("12 (a (b) c-7) S 1 2")).isEqualTo("a (b) c");
        assertThat(ThreadCpu.group("12 (42) S 1 2")).isEqualTo("42");
        assertThat(ThreadCpu.group("12 (2_scheduler) S 1 2")).isEqualTo("scheduler");
        assertThat(ThreadCpu.group("12 (7_dirty_io_sche) S 1 2")).isEqualTo("dirty_io_sche");
        assertThat(ThreadCpu.group("12 (2x_y) S 1 2")).isEqualTo("2x_y");
    }

    @Test
    void findsTheThreadThatBurnedTheCpu() throws Exception {
        List<Long> self = List.of(ProcessHandle.current().pid());
        CountDownLatch burned = new CountDownLatch(1);
        CountDownLatch counted = new CountDownLatch(1);
        ThreadCpu before = ThreadCpu.of(self);
        long started = System.nanoTime();
        // The burner stays alive until it was counted: a thread that has ended is gone from /proc.
        Thread burner = new Thread(() -> {
            long x = 0;
            while (System.nanoTime() - started < 600_000_000L) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
            }
            burned.countDown();
            try {
                counted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-burner-7");
        burner.start();
        burned.await();
        Map<String, Double> cores = ThreadCpu.of(self).coresSince(before, (System.nanoTime() - started) / 1e9);
        counted.countDown();
        burner.join();

        assertThat(cores).containsKey("cpu-burner");
        assertThat(cores.get("cpu-burner")).isBetween(0.3, 1.2);
        assertThat(cores.keySet().iterator().next()).as("busiest first: %s", cores).isEqualTo("cpu-burner");
        assertThat(ThreadCpu.describe(cores)).startsWith("cpu-burner ");
        assertThat(ThreadCpu.describe(Map.of())).isEqualTo("-");
    }
}
