package org.blindgate.gateway.routing;

import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.MessageStore;
import org.blindgate.gateway.store.StoredMessage;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code sync}: replays a page of the caller's stored messages in seq order, then {@code sync.done}. */
public final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final MessageStore store;
    private final Blocking blocking;

    public Replay(MessageStore store, Blocking blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    /**
     * Reads the page and writes its frames from the database worker, not from the event loop:
     * writes from another thread are queued by Vert.x and flushed once per burst, where writes on
     * the event loop outside a read are flushed one frame at a time (1,000 system calls a page).
     */
    public void sync(Outbox to, String requestId, ClientFrame.Sync sync) {
        blocking.run(() -> {
            MessageStore.SyncPage page = store.page(to.caller().userId(), sync.afterSeq(), sync.limit());
            long last = sync.afterSeq();
            for (StoredMessage row : page.messages()) {
                to.push(Outgoing.of(row.toFrame()));
                last = row.seq();
            }
            to.reply(requestId, new ServerFrame.SyncDone(last, page.hasMore()));
            return page;
        }).onFailure(e -> {
            log.warn("sync failed: {}", e.toString());
            to.reply(requestId, new ServerFrame.Error(ErrorCode.UNAVAILABLE, null,
                    "the store is unavailable; retry the sync"));
        });
    }
}
