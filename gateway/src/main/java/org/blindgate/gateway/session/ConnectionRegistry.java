package org.blindgate.gateway.session;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.blindgate.gateway.routing.Bus;
import org.blindgate.gateway.routing.BusEvent;
import org.blindgate.gateway.routing.LocalDelivery;

/**
 * The connections open on this node, by user. Joins the bus for a user on its first connection
 * and leaves on its last, so a cluster routes a user's events only to nodes that hold it.
 */
public final class ConnectionRegistry implements LocalDelivery {

    private final ConcurrentHashMap<UUID, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    private final SessionMetrics metrics;
    private volatile Bus bus;

    public ConnectionRegistry(SessionMetrics metrics) {
        this.metrics = metrics;
    }

    /** Set once at wiring time: the bus needs the registry and the registry needs the bus. */
    public void attach(Bus bus) {
        this.bus = bus;
    }

    void add(ClientSession session) {
        UUID user = session.caller().userId();
        byUser.compute(user, (k, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                bus.join(user);
            }
            set.add(session);
            return set;
        });
    }

    void remove(ClientSession session) {
        UUID user = session.caller().userId();
        byUser.computeIfPresent(user, (k, set) -> {
            set.remove(session);
            if (set.isEmpty()) {
                bus.leave(user);
                return null;
            }
            return set;
        });
    }

    public int connections() {
        int n = 0;
        for (Set<ClientSession> s : byUser.values()) {
            n += s.size();
        }
        return n;
    }

    public boolean isOnline(UUID userId) {
        return byUser.containsKey(userId);
    }

    @Override
    public void deliver(UUID userId, BusEvent event) {
        Set<ClientSession> sessions = byUser.get(userId);
        if (sessions == null) {
            return;
        }
        if (event instanceof BusEvent.Deliver d) {
            for (ClientSession s : sessions) {
                s.push(d.frame());
            }
            metrics.routed(sessions.size());
        } else if (event instanceof BusEvent.CloseDevice c) {
            for (ClientSession s : sessions) {
                if (s.caller().deviceId().equals(c.deviceId())) {
                    s.close(c.code(), c.reason());
                }
            }
        } else if (event instanceof BusEvent.CloseUser c) {
            for (ClientSession s : sessions) {
                s.close(c.code(), c.reason());
            }
        }
    }

    /** Closes every connection with 1001, for shutdown. */
    public void closeAll() {
        for (Set<ClientSession> sessions : byUser.values()) {
            for (ClientSession s : sessions) {
                s.close(CloseCodes.GOING_AWAY, "server going away");
            }
        }
    }
}
