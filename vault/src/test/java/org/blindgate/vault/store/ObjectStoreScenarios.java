package org.blindgate.vault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.blindgate.service.db.Database;
import org.blindgate.service.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ObjectStore} contract, one suite for both implementations (subclasses): what is put
 * reads back whole and in ranges, put consumes its file, an absent object is
 * {@link NoSuchFileException}, and the sweeper removes orphans (objects no index row names) but
 * nothing referenced and nothing young.
 */
abstract class ObjectStoreScenarios {

    @TempDir
    Path dir;
    Database database;
    PostgresDatabase postgres;
    ObjectStore store;
    Spool spool;

    abstract boolean postgres();

    @BeforeEach
    void open() {
        if (postgres()) {
            postgres = new PostgresDatabase();
            database = VaultDatabase.open(postgres.url(), postgres.user(), null, 4);
            store = new PostgresStorage(database, Clock.systemUTC());
        } else {
            database = VaultDatabase.open(VaultDatabase.h2Url(dir), null, null, 4);
            store = new FileStorage(dir.resolve("objects"));
        }
        spool = new Spool(dir.resolve("tmp"));
    }

    @AfterEach
    void close() {
        database.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    private Path spooled(byte[] content) throws IOException {
        return Files.write(spool.newFile(), content);
    }

    private byte[] read(UUID id, long offset, long length) throws IOException {
        try (InputStream in = store.open(id, offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsBackWholeAndInRangesAcrossChunks() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(content);
        UUID id = UUID.randomUUID();
        Path file = spooled(content);

        store.put(id, file, content.length);

        assertThat(file).as("consumed").doesNotExist();
        assertThat(read(id, 0, content.length)).isEqualTo(content);
        int chunk = 1024 * 1024;
        for (long[] range : new long[][] {{0, 1}, {chunk - 3, 6}, {2L * chunk + 5, chunk}, {content.length - 1, 1}}) {
            assertThat(read(id, range[0], range[1])).as(Arrays.toString(range))
                    .isEqualTo(Arrays.copyOfRange(content, (int) range[0], (int) (range[0] + range[1])));
        }
        store.delete(id);
        assertThatThrownBy(() -> store.open(id, 0, 1)).isInstanceOf(NoSuchFileException.class);
        store.delete(id); // absent: no error
    }

    @Test
    void anAbsentObjectIsNoSuchFile() {
        assertThatThrownBy(() -> store.open(UUID.randomUUID(), 0, 10)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theSweeperRemovesOldOrphansOnly() throws Exception {
        UUID referenced = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        for (UUID id : List.of(referenced, orphan, young)) {
            store.put(id, spooled(new byte[] {1, 2, 3}), 3);
        }
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO vault_blobs"
                + " (message_id, recipient_id, device_id, object_id, sha256, size, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, UUID.randomUUID());
            ps.setObject(3, UUID.randomUUID());
            ps.setObject(4, referenced);
            ps.setBytes(5, new byte[32]);
            ps.setLong(6, 3);
            ps.setObject(7, Sql.at(Instant.now().plus(Duration.ofDays(1))));
            ps.executeUpdate();
        }
        age(referenced, Duration.ofHours(2));
        age(orphan, Duration.ofHours(2));
        Path stale = Files.write(spool.newFile(), new byte[] {9});
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path live = Files.write(spool.newFile(), new byte[] {9});

        Sweeper sweeper = new Sweeper(database, store, spool, Clock.systemUTC());
        assertThat(sweeper.removeOrphans(Duration.ofHours(1))).isEqualTo(1);
        assertThat(sweeper.removeStaleSpool(Duration.ofMinutes(30))).isEqualTo(1);

        assertThat(read(referenced, 0, 3)).containsExactly(1, 2, 3);
        assertThat(read(young, 0, 3)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> store.open(orphan, 0, 3)).isInstanceOf(NoSuchFileException.class);
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
    }

    /** Makes object {@code id} look stored {@code age} ago. */
    private void age(UUID id, Duration age) throws Exception {
        Instant then = Instant.now().minus(age);
        if (store instanceof FileStorage files) {
            Files.setLastModifiedTime(files.path(id), java.nio.file.attribute.FileTime.from(then));
        } else {
            try (Connection c = database.connection();
                    PreparedStatement ps = c.prepareStatement("UPDATE vault_objects SET created_at = ? WHERE id = ?")) {
                ps.setObject(1, Sql.at(then));
                ps.setObject(2, id);
                ps.executeUpdate();
            }
        }
    }
}
