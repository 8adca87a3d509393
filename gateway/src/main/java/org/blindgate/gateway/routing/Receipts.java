package org.blindgate.gateway.routing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.MessageStore;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.ReceiptStatus;
import org.blindgate.protocol.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code delivered} and {@code read}: the recipient marks its own messages, and each sender gets
 * one {@code receipt}. Only messages addressed to the caller change; other ids are ignored, so
 * nobody can mark (or learn about) someone else's messages.
 */
public final class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final MessageStore store;
    private final Dispatcher router;
    private final Blocking blocking;
    private final Clock clock;

    public Receipts(MessageStore store, Dispatcher router, Blocking blocking, Clock clock) {
        this.store = store;
        this.router = router;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void mark(Outbox from, String requestId, List<UUID> messageIds, ReceiptStatus status) {
        UUID me = from.caller().userId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        blocking.run(() -> status == ReceiptStatus.READ
                        ? store.markRead(me, messageIds, now)
                        : store.markDelivered(me, messageIds, now))
                .onSuccess(changes -> changes.forEach(
                        change -> router.receipt(change.senderId(), change.messageIds(), status, me, now)))
                .onFailure(e -> {
                    log.warn("{} failed: {}", status.wire(), e.toString());
                    from.reply(requestId, new ServerFrame.Error(ErrorCode.UNAVAILABLE, null,
                            "the store is unavailable; send the receipt again"));
                });
    }
}
