package org.blindgate.gateway.routing;

import java.util.UUID;

/** Where a bus hands events for users connected to this node. */
@FunctionalInterface
public interface LocalDelivery {

    void deliver(UUID userId, BusEvent event);
}
