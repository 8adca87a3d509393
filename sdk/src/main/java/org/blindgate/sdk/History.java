package org.blindgate.sdk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.blindgate.sdk.store.Json;
import org.blindgate.sdk.store.LocalStore;

/**
 * The local history, one entry per message under {@code history/<messageId>}: the only place
 * message content is kept once delivered (the vault's copy is deleted, the gateway never had it).
 */
final class History {

    private History() {
    }

    static void put(LocalStore.Batch batch, HistoryEntry entry) {
        batch.put("history/" + entry.messageId(), Json.bytes(entry));
    }

    static HistoryEntry get(LocalStore.Batch batch, UUID messageId) {
        byte[] b = batch.get("history/" + messageId);
        return b == null ? null : Json.read(b, HistoryEntry.class);
    }

    /** Sets the status of the entries that exist; a read message is never set back to delivered. */
    static void status(LocalStore.Batch batch, List<UUID> ids, String status) {
        for (UUID id : ids) {
            HistoryEntry e = get(batch, id);
            if (e != null && !("read".equals(e.status()) && !"read".equals(status))) {
                put(batch, new HistoryEntry(e.messageId(), e.outgoing(), e.peer(), e.timestamp(), e.kind(), e.text(),
                        e.attachment(), status));
            }
        }
    }

    /** The conversation with {@code peer}, oldest first, at most the last {@code limit} entries. */
    static List<HistoryEntry> with(LocalStore store, UUID peer, int limit) {
        List<HistoryEntry> all = new ArrayList<>();
        store.withPrefix("history/").values().forEach(b -> {
            HistoryEntry e = Json.read(b, HistoryEntry.class);
            if (peer == null || peer.equals(e.peer())) {
                all.add(e);
            }
        });
        all.sort(Comparator.comparing(HistoryEntry::timestamp));
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }
}
