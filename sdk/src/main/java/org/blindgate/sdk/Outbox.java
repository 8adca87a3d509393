package org.blindgate.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.blindgate.protocol.MessageType;
import org.blindgate.sdk.store.Json;
import org.blindgate.sdk.store.LocalStore;

/**
 * A message encrypted and not yet acknowledged, under {@code outbox/<messageId>}: its ciphertexts
 * per recipient device and its metadata frame. Kept until the gateway's {@code ack}, so a message
 * interrupted by a lost connection or a restart is resent with the same bytes and the same
 * {@code messageId}: the vault answers 200 to the same bytes, the gateway {@code duplicate} to a
 * {@code messageId} it has, and nothing is delivered twice. The ratchet is not run again.
 *
 * @param uploaded whether every blob is in the vault (the frame may then be sent)
 */
record Outbox(UUID messageId, UUID recipientId, MessageType messageType, Instant timestamp, String sessionId,
        Map<UUID, byte[]> blobs, boolean uploaded) {

    static final String PREFIX = "outbox/";

    void write(LocalStore.Batch batch) {
        batch.put(PREFIX + messageId, Json.bytes(this));
    }

    static void remove(LocalStore.Batch batch, UUID messageId) {
        batch.delete(PREFIX + messageId);
    }

    static Outbox get(LocalStore store, UUID messageId) {
        byte[] b = store.get(PREFIX + messageId);
        return b == null ? null : Json.read(b, Outbox.class);
    }

    static List<Outbox> all(LocalStore store) {
        return store.withPrefix(PREFIX).values().stream().map(b -> Json.read(b, Outbox.class)).toList();
    }

    Outbox asUploaded() {
        return new Outbox(messageId, recipientId, messageType, timestamp, sessionId, blobs, true);
    }
}
