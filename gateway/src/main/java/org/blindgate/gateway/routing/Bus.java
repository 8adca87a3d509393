package org.blindgate.gateway.routing;

import java.util.UUID;

/**
 * The seam between routing and delivery. Routing publishes per user; the bus brings the event
 * to whichever node holds that user's connections. Embedded, that is this process
 * ({@link InProcessBus}); in a cluster, a broker. The database stays the source of truth: a
 * lost bus event costs the recipient a {@code sync}, never a message.
 */
public interface Bus extends AutoCloseable {

    /** Sends {@code event} to every connection of {@code userId}, on any node. Never blocks. */
    void publish(UUID userId, BusEvent event);

    /** This node now holds a connection of {@code userId}: start receiving its events. */
    void join(UUID userId);

    /** This node holds no connection of {@code userId} any more. */
    void leave(UUID userId);

    @Override
    void close();
}
