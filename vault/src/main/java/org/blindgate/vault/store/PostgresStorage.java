package org.blindgate.vault.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.blindgate.service.db.Database;

/**
 * Objects in the vault's database, as rows of {@code vault_chunks} ({@value #CHUNK_SIZE} bytes
 * each) under a {@code vault_objects} row: for vault nodes that keep no state of their own and
 * share one PostgreSQL behind a load balancer. Plain SQL (it runs on H2 too, which the tests do
 * not rely on).
 *
 * <p>Memory: writing reads the spool file one chunk at a time into one statement; reading fetches
 * one chunk per query as the stream is consumed. So a 100 MiB attachment costs about one chunk of
 * heap, whichever way it goes. A put is one transaction (object row and all chunks), so a reader
 * never sees part of an object.
 */
public final class PostgresStorage implements ObjectStore {

    static final int CHUNK_SIZE = 1024 * 1024;

    private final Database database;
    private final Clock clock;

    public PostgresStorage(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public void put(UUID id, Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            database.inTransaction(c -> {
                try (PreparedStatement object = c.prepareStatement(
                        "INSERT INTO vault_objects (id, size, chunk_size, created_at) VALUES (?, ?, ?, ?)");
                        PreparedStatement chunk = c.prepareStatement(
                                "INSERT INTO vault_chunks (object_id, seq, data) VALUES (?, ?, ?)")) {
                    object.setObject(1, id);
                    object.setLong(2, size);
                    object.setInt(3, CHUNK_SIZE);
                    object.setObject(4, Sql.at(clock.instant()));
                    object.executeUpdate();
                    long written = 0;
                    for (int seq = 0; ; seq++) {
                        byte[] data = in.readNBytes(CHUNK_SIZE);
                        if (data.length == 0) {
                            break;
                        }
                        chunk.setObject(1, id);
                        chunk.setInt(2, seq);
                        chunk.setBytes(3, data);
                        chunk.executeUpdate();
                        written += data.length;
                    }
                    if (written != size) {
                        throw new SQLException("spool file holds " + written + " bytes, expected " + size);
                    }
                    return null;
                } catch (IOException e) {
                    throw new SQLException("cannot read the spool file", e);
                }
            });
        } catch (SQLException e) {
            throw new IOException("cannot store object " + id + " in the database", e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public InputStream open(UUID id, long offset, long length) throws IOException {
        int chunkSize;
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("SELECT chunk_size FROM vault_objects WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchFileException("object " + id);
                }
                chunkSize = rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read object " + id, e);
        }
        return new ChunkStream(id, chunkSize, offset, length);
    }

    @Override
    public void delete(UUID id) throws IOException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM vault_objects WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot delete object " + id, e);
        }
    }

    @Override
    public void forEachStoredBefore(Instant cutoff, Consumer<UUID> action) throws IOException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM vault_objects WHERE created_at < ?")) {
                ps.setFetchSize(1000);
                ps.setObject(1, Sql.at(cutoff));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(rs.getObject(1, UUID.class));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("cannot list stored objects", e);
        }
    }

    /** Fetches one chunk per query, as the reader gets to it. */
    private final class ChunkStream extends InputStream {
        private final UUID id;
        private final int chunkSize;
        private long position;
        private long remaining;
        private byte[] chunk;
        private int chunkSeq = -1;

        ChunkStream(UUID id, int chunkSize, long offset, long length) {
            this.id = id;
            this.chunkSize = chunkSize;
            this.position = offset;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int seq = (int) (position / chunkSize);
            if (seq != chunkSeq) {
                chunk = fetch(seq);
                chunkSeq = seq;
            }
            int at = (int) (position % chunkSize);
            int n = (int) Math.min(Math.min(len, remaining), chunk.length - at);
            if (n <= 0) {
                throw new IOException("object " + id + " ended " + remaining + " bytes early");
            }
            System.arraycopy(chunk, at, b, off, n);
            position += n;
            remaining -= n;
            return n;
        }

        private byte[] fetch(int seq) throws IOException {
            try (Connection c = database.connection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT data FROM vault_chunks WHERE object_id = ? AND seq = ?")) {
                ps.setObject(1, id);
                ps.setInt(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchFileException("object " + id + " chunk " + seq);
                    }
                    return rs.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IOException("cannot read object " + id, e);
            }
        }

        @Override
        public void close() {
            chunk = null;
        }
    }
}
