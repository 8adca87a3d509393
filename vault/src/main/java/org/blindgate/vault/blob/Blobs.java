package org.blindgate.vault.blob;

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
 * Ciphertext blobs, one per (message, recipient device). Idempotent upload: the same bytes again
 * change nothing, other bytes are refused. The bytes are stored first under a fresh object id and
 * the index row written after, so a reader never finds a row without its bytes; a crash in between
 * leaves an orphan object for the sweeper. Blocking: call on a worker.
 */
public final class Blobs {

    private final BlobIndex index;
    private final ObjectStore objects;
    private final Clock clock;
    private final Duration ttl;

    public Blobs(Database database, ObjectStore objects, Clock clock, Duration ttl) {
        this.index = new BlobIndex(database);
        this.objects = objects;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Stores {@code spooled} at {@code address} (see {@link PutOutcome}); the spool file is always consumed. */
    public PutOutcome put(BlobAddress address, Spooled spooled) throws IOException, SQLException {
        try {
            Instant now = clock.instant();
            Optional<StoredObject> existing = index.find(address);
            if (existing.isPresent()) {
                StoredObject old = existing.get();
                if (old.expiresAt().isAfter(now)) {
                    return spooled.sameAs(old) ? PutOutcome.SAME : PutOutcome.CONFLICT;
                }
                // Expired but not swept yet: it is gone as far as anyone can tell, so replace it.
                if (index.remove(address, old.objectId())) {
                    objects.delete(old.objectId());
                }
            }
            StoredObject stored = new StoredObject(UUID.randomUUID(), spooled.sha256(), spooled.size(), now.plus(ttl));
            objects.put(stored.objectId(), spooled.file(), spooled.size());
            boolean inserted;
            try {
                inserted = index.insert(address, stored);
            } catch (SQLException | RuntimeException e) {
                objects.delete(stored.objectId());
                throw e;
            }
            if (inserted) {
                return PutOutcome.CREATED;
            }
            objects.delete(stored.objectId()); // a concurrent upload won the address
            return index.find(address).map(o -> spooled.sameAs(o) ? PutOutcome.SAME : PutOutcome.CONFLICT)
                    .orElse(PutOutcome.CONFLICT);
        } finally {
            Files.deleteIfExists(spooled.file());
        }
    }

    /** The live blob at {@code address}, if any. */
    public Optional<StoredObject> find(BlobAddress address) throws SQLException {
        return index.find(address).filter(o -> o.expiresAt().isAfter(clock.instant()));
    }

    /** Deletes the blob at {@code address}; whether there was one. */
    public boolean delete(BlobAddress address) throws SQLException, IOException {
        Optional<StoredObject> existing = index.find(address);
        if (existing.isEmpty() || !index.remove(address, existing.get().objectId())) {
            return false;
        }
        objects.delete(existing.get().objectId());
        return true;
    }

    public ObjectStore objects() {
        return objects;
    }
}
