package org.blindgate.gateway.routing;

import io.vertx.core.Future;
import java.util.UUID;
import org.blindgate.gateway.store.Blocking;
import org.blindgate.gateway.store.MessageStore;
import org.blindgate.gateway.store.MessageStore.SyncPage;
import org.blindgate.gateway.store.StoredMessage;
import org.blindgate.protocol.ClientFrame;
import org.blindgate.protocol.ErrorCode;
import org.blindgate.protocol.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync}: replays a page of the caller's stored messages in seq order, then
 * {@code sync.done}.
 *
 * <p>After a full page, the next one is read ahead while the client is still taking in the
 * current one, so that the database read of page N+1 overlaps the encoding, the network and the
 * client's work on page N instead of following them (a catching-up client almost always asks
 * for exactly that page next).
 */
public final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final MessageStore store;
    private final Blocking blocking;

    public Replay(MessageStore store, Blocking blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    /**
     * One connection's page read ahead. Only a FULL page is ever used from it: it holds every
     * row of its seq range, since seqs are handed out in commit order and a later commit gets a
     * larger seq; a short page (the end of the queue) is read again, fresh.
     */
    public static final class ReadAhead {
        private record Pending(long afterSeq, int limit, Future<SyncPage> page) {
        }

        private volatile Pending pending;

        /** The page read ahead for this request, or a future of null: read it again. */
        Future<SyncPage> take(long afterSeq, int limit) {
            Pending p = pending;
            pending = null;
            if (p == null || p.afterSeq() != afterSeq || p.limit() != limit) {
                return Future.succeededFuture();
            }
            return p.page().map(page -> page.hasMore() ? page : null).otherwise(e -> null);
        }

        void offer(long afterSeq, int limit, Future<SyncPage> page) {
            pending = new Pending(afterSeq, limit, page);
        }
    }

    public void sync(Outbox to, String requestId, ClientFrame.Sync sync, ReadAhead ahead) {
        UUID user = to.caller().userId();
        ahead.take(sync.afterSeq(), sync.limit())
                .compose(ready -> ready != null ? Future.succeededFuture(ready)
                        : read(user, sync.afterSeq(), sync.limit()))
                .compose(page -> blocking.run(() -> send(to, requestId, sync, page, ahead)))
                .onFailure(e -> {
                    log.warn("sync failed: {}", e.toString());
                    to.reply(requestId, new ServerFrame.Error(ErrorCode.UNAVAILABLE, null,
                            "the store is unavailable; retry the sync"));
                });
    }

    private Future<SyncPage> read(UUID user, long afterSeq, int limit) {
        return blocking.run(() -> store.page(user, afterSeq, limit));
    }

    /**
     * Writes the page from a database worker, not from the event loop: writes from another
     * thread are queued by Vert.x and flushed once per burst, where writes on the event loop
     * outside a read are flushed one frame at a time (1,000 system calls a page).
     */
    private Void send(Outbox to, String requestId, ClientFrame.Sync sync, SyncPage page, ReadAhead ahead) {
        long last = sync.afterSeq();
        for (StoredMessage row : page.messages()) {
            to.push(Outgoing.of(row.toFrame()));
            last = row.seq();
        }
        if (page.hasMore()) {
            ahead.offer(last, sync.limit(), read(to.caller().userId(), last, sync.limit()));
        }
        to.reply(requestId, new ServerFrame.SyncDone(last, page.hasMore()));
        return null;
    }
}
