package org.blindgate.sdk;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.blindgate.sdk.store.LocalStore;

/**
 * Where this device is in its user's message stream: the last {@code seq} processed, under
 * {@code state/cursor}, and the ids of recently processed messages, under {@code seen/<messageId>}
 * (value: its seq), kept for {@value #SEEN_WINDOW} seqs behind the cursor. A message is processed
 * once: a {@code seq} at or below the cursor is a replay, and a seen id a duplicate.
 */
final class Cursor {

    static final String NAME = "state/cursor";
    static final long SEEN_WINDOW = 1000;

    private Cursor() {
    }

    static long read(LocalStore.Batch batch) {
        byte[] b = batch.get(NAME);
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }

    static void set(LocalStore.Batch batch, long seq) {
        batch.put(NAME, ByteBuffer.allocate(8).putLong(seq).array());
    }

    static boolean seen(LocalStore.Batch batch, UUID messageId) {
        return batch.get("seen/" + messageId) != null;
    }

    /** Marks {@code messageId} processed at {@code seq}, moves the cursor, and forgets ids far behind it. */
    static void advance(LocalStore.Batch batch, UUID messageId, long seq) {
        batch.put("seen/" + messageId, ByteBuffer.allocate(8).putLong(seq).array());
        long cursor = Math.max(read(batch), seq);
        set(batch, cursor);
        if (seq % 100 == 0) {
            batch.withPrefix("seen/").forEach((name, value) -> {
                if (ByteBuffer.wrap(value).getLong() < cursor - SEEN_WINDOW) {
                    batch.delete(name);
                }
            });
        }
    }
}
