package org.blindgate.bench.target;

import io.vertx.core.http.RequestOptions;
import java.util.UUID;
import org.blindgate.bench.load.Probe;

/**
 * A system that keeps small blobs over HTTP (the vault, or the static-file baseline) behind one
 * small interface: start it as its own process, provision its users before anything is timed,
 * say how each user puts, gets and deletes a blob, count what it still holds, and stop it.
 */
public interface BlobTarget extends Probe, AutoCloseable {

    /** Short name for tables and JSON keys: {@code vault-h2}, {@code vault-postgres}, {@code baseline}. */
    String name();

    /** One line saying what runs and how it is configured, for the report. */
    String description();

    /** Starts the system and returns once it accepts requests. */
    void start() throws Exception;

    /** Creates {@code count} users (registered and logged in where the system has accounts). */
    void provision(int count) throws Exception;

    /** The request with which user {@code uploader} puts blob {@code messageId} for user {@code recipient}'s device. */
    RequestOptions put(int uploader, int recipient, UUID messageId);

    /** The request with which user {@code recipient} fetches its blob {@code messageId}. */
    RequestOptions get(int recipient, UUID messageId);

    /** The request with which user {@code recipient} deletes its blob {@code messageId}. */
    RequestOptions delete(int recipient, UUID messageId);

    /** Blobs the system's storage still holds (for the check that every delete left nothing). */
    long storedBlobs() throws Exception;

    /** Stops the system and removes what it created (processes, databases). */
    @Override
    void close();
}
