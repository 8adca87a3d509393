package org.blindgate.gateway.routing;

import java.util.UUID;

/**
 * The bus of the embedded default: one node, so publishing is delivering. Joins and leaves are
 * nothing to do because local delivery already knows who is connected here.
 */
public final class InProcessBus implements Bus {

    private final LocalDelivery local;

    public InProcessBus(LocalDelivery local) {
        this.local = local;
    }

    @Override
    public void publish(UUID userId, BusEvent event) {
        local.deliver(userId, event);
    }

    @Override
    public void join(UUID userId) {
    }

    @Override
    public void leave(UUID userId) {
    }

    @Override
    public void close() {
    }
}
