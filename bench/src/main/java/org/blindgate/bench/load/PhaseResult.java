package org.blindgate.bench.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one steady phase measured.
 *
 * @param received    messages received by recipients during the steady phase
 * @param seconds     the steady phase's actual length
 * @param latency     sender send (open loop: intended send) to recipient receive
 * @param ackLatency  sender send to the system's ack
 * @param serverCpu   CPU seconds the server process(es) used during the steady phase
 * @param databaseCpu CPU seconds of the database backends serving it (PostgreSQL), else 0
 * @param serverRssKib resident memory of the server process(es) at the end of the steady phase
 * @param generatorCpu CPU seconds the load generator (this process) used during the steady phase
 * @param serverThreads cores each thread group of the server used during the steady phase, busiest first
 * @param generatorThreads the same for the load generator
 */
public record PhaseResult(Phase phase, long received, long acked, double seconds, Histogram latency,
        Histogram ackLatency, double serverCpu, double databaseCpu, long serverRssKib, double generatorCpu,
        Map<String, Double> serverThreads, Map<String, Double> generatorThreads) {

    public double msgsPerSec() {
        return received / seconds;
    }

    public double offeredPerSec() {
        return phase.closedLoop() ? Double.NaN : phase.rate();
    }

    public double serverCpuSecPerMillion() {
        return received == 0 ? Double.NaN : serverCpu / received * 1e6;
    }

    public double databaseCpuSecPerMillion() {
        return received == 0 ? Double.NaN : databaseCpu / received * 1e6;
    }

    public double p(double percentile) {
        return Latency.millis(latency, percentile);
    }

    public double ackP(double percentile) {
        return Latency.millis(ackLatency, percentile);
    }

    public double maxMs() {
        return Latency.maxMillis(latency);
    }
}
