package org.blindgate.bench.load;

import java.util.List;
import org.blindgate.bench.process.ProcStats;

/** The processes of a system under test whose CPU and memory a phase reports. */
public interface Probe {

    /** The server's processes (the gateway JVM, the relay JVM, nats-server, ejabberd's beam). */
    List<Long> serverPids();

    /** Database processes working for the server (PostgreSQL backends), or none. */
    default List<Long> databasePids() {
        return List.of();
    }

    default double serverCpuSeconds() {
        return ProcStats.cpuSeconds(serverPids());
    }

    default double databaseCpuSeconds() {
        return ProcStats.cpuSeconds(databasePids());
    }

    default long serverRssKib() {
        return ProcStats.rssKib(serverPids());
    }

    /** Called as the steady phase starts (a target may start a profiler here). */
    default void steadyStarted() {
    }

    /** Called as the steady phase ends. */
    default void steadyEnded() {
    }
}
