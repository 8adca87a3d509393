package org.blindgate.vault.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Where the bytes of blobs and attachments live, by a vault-made random object id: the one seam
 * between the vault and its byte storage. {@link FileStorage} keeps them in files (the embedded
 * default), {@link PostgresStorage} in the database (stateless vault nodes over one PostgreSQL).
 * Both pass the same contract tests.
 *
 * <p>Object ids are always made by the vault ({@link UUID#randomUUID()}); no id a client sends
 * ever names an object, a file or a row here. Which object holds which blob or attachment is
 * recorded by the indexes, after {@link #put} returns; an object whose index row never came (a
 * crash in between) is an orphan, found by {@link #forEachStoredBefore} and removed.
 *
 * <p>Every method blocks: call them on a worker, never on an event loop.
 */
public interface ObjectStore {

    /**
     * Makes the bytes of {@code file} the object {@code id}: durable when this returns, and all or
     * nothing (a reader never sees part of it). The file is consumed: moved in or deleted.
     *
     * @param size the file's size, as counted while it was received
     */
    void put(UUID id, Path file, long size) throws IOException;

    /**
     * {@code length} bytes of object {@code id} starting at {@code offset}, read lazily: at most one
     * chunk is held in memory at a time. The caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such object
     */
    InputStream open(UUID id, long offset, long length) throws IOException;

    /** Removes object {@code id}; an absent object is not an error. */
    void delete(UUID id) throws IOException;

    /** Calls {@code action} with the id of every object stored before {@code cutoff} (the orphan pass). */
    void forEachStoredBefore(Instant cutoff, Consumer<UUID> action) throws IOException;
}
