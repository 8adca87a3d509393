package org.blindgate.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.blindgate.protocol.AckStatus;

/** Counters of the WebSocket side, exported on /metrics. Counters are cached per tag value. */
public final class SessionMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
    private final Map<AckStatus, Counter> acks = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter routed;

    public SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.refused = Counter.builder("blindgate.frames.refused").description("client frames refused").register(registry);
        this.routed = Counter.builder("blindgate.frames.routed")
                .description("frames pushed to connections by routing (messages, receipts)").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void frameIn(String type) {
        framesIn.computeIfAbsent(type, t -> Counter.builder("blindgate.frames.in").tag("type", t)
                .description("client frames received, by type").register(registry)).increment();
    }

    void frameOut(String type) {
        framesOut.computeIfAbsent(type, t -> Counter.builder("blindgate.frames.out").tag("type", t)
                .description("frames sent in reply, by type").register(registry)).increment();
    }

    void ack(AckStatus status) {
        acks.computeIfAbsent(status, s -> Counter.builder("blindgate.acks").tag("status", s.wire())
                .description("messages acknowledged, by status").register(registry)).increment();
    }

    void refused() {
        refused.increment();
    }

    void routed(int connections) {
        routed.increment(connections);
    }
}
