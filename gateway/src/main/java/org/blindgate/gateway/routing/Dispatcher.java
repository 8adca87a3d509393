package org.blindgate.gateway.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.blindgate.gateway.store.StoredMessage;
import org.blindgate.protocol.ReceiptStatus;
import org.blindgate.protocol.ServerFrame;

/**
 * Turns committed facts into frames for their users. It routes from committed rows (with their
 * seq), never from a client frame, so what a recipient sees live is exactly what {@code sync}
 * replays. Each frame is encoded once (lazily, see {@link Outgoing}), whatever the number of the user's
 * connections.
 */
public final class Dispatcher {

    private final Bus bus;

    public Dispatcher(Bus bus) {
        this.bus = bus;
    }

    public void route(StoredMessage row) {
        bus.publish(row.recipientId(), new BusEvent.Deliver(Outgoing.of(row.toFrame())));
    }

    public void receipt(UUID senderId, List<UUID> messageIds, ReceiptStatus status, UUID by, Instant at) {
        ServerFrame.Receipt receipt = new ServerFrame.Receipt(messageIds, status, by, at);
        bus.publish(senderId, new BusEvent.Deliver(Outgoing.of(receipt)));
    }

    public void closeDevice(UUID userId, UUID deviceId, short code, String reason) {
        bus.publish(userId, new BusEvent.CloseDevice(deviceId, code, reason));
    }

    public void closeUser(UUID userId, short code, String reason) {
        bus.publish(userId, new BusEvent.CloseUser(code, reason));
    }
}
