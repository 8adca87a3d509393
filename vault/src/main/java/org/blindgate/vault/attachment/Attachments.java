package org.blindgate.vault.attachment;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.blindgate.service.db.Database;
import org.blindgate.vault.store.ObjectStore;
import org.blindgate.vault.store.PutOutcome;
import org.blindgate.vault.store.Spooled;
import org.blindgate.vault.store.StoredObject;

/**
 * Client-encrypted attachments, write-once under a client-made random id. Stored like blobs (bytes
 * first, then the index row). Blocking: call on a worker.
 */
public final class Attachments {

    private final AttachmentIndex index;
    private final ObjectStore objects;
    private final Clock clock;
    private final Duration ttl;

    public Attachments(Database database, ObjectStore objects, Clock clock, Duration ttl) {
        this.index = new AttachmentIndex(database);
        this.objects = objects;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Whether a live attachment has this id (checked before accepting an upload's body). */
    public boolean exists(UUID id) throws SQLException {
        return find(id).isPresent();
    }

    /** Stores {@code spooled} as attachment {@code id}: CREATED, or CONFLICT if the id is taken. Consumes the spool file. */
    public PutOutcome put(UUID id, Spooled spooled) throws IOException, SQLException {
        try {
            Instant now = clock.instant();
            Optional<StoredObject> existing = index.find(id);
            if (existing.isPresent()) {
                if (existing.get().expiresAt().isAfter(now)) {
                    return PutOutcome.CONFLICT;
                }
                if (index.remove(id, existing.get().objectId())) {
                    objects.delete(existing.get().objectId());
                }
            }
            StoredObject stored = new StoredObject(UUID.randomUUID(), spooled.sha256(), spooled.size(), now.plus(ttl));
            objects.put(stored.objectId(), spooled.file(), spooled.size());
            boolean inserted;
            try {
                inserted = index.insert(id, stored);
            } catch (SQLException | RuntimeException e) {
                objects.delete(stored.objectId());
                throw e;
            }
            if (!inserted) {
                objects.delete(stored.objectId());
                return PutOutcome.CONFLICT;
            }
            return PutOutcome.CREATED;
        } finally {
            Files.deleteIfExists(spooled.file());
        }
    }

    public Optional<StoredObject> find(UUID id) throws SQLException {
        return index.find(id).filter(o -> o.expiresAt().isAfter(clock.instant()));
    }

    public ObjectStore objects() {
        return objects;
    }
}
