package org.blindgate.service.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's commits reach the device before they return (DESIGN.md invariant 4):
 * Linux shows how each open file was opened in /proc/self/fdinfo, so the test reads the flags of
 * the H2 file the pool has open. A power loss cannot be simulated here; the flag is what makes
 * the kernel write through.
 */
class DurableH2Test {

    /** O_DSYNC on Linux (octal 010000); O_SYNC includes it. */
    private static final int O_DSYNC = 0_010000;

    private static final Database.Settings SETTINGS = new Database.Settings("test database", "durable-test",
            "classpath:db/durabletest", "durable_test_history", Map.of());

    @TempDir
    Path dir;

    @Test
    void defaultH2DatabaseWritesThrough() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "needs Linux /proc");
        try (Database db = Database.open(Database.h2Url(dir.resolve("durable")), null, null, 2, SETTINGS)) {
            insertAndRead(db);
            assertThat(openFlags(dir.resolve("durable.mv.db"))).isNotEmpty()
                    .allSatisfy(flags -> assertThat(flags & O_DSYNC).as("O_DSYNC").isNotZero());
        }
    }

    @Test
    void plainH2FileUrlDoesNot() throws Exception {
        // The control: without the durable scheme H2 opens its file for buffered writes only.
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "needs Linux /proc");
        String plain = Database.h2Url(dir.resolve("plain")).replace("jdbc:h2:durable:", "jdbc:h2:file:");
        try (Database db = Database.open(plain, null, null, 2, SETTINGS)) {
            insertAndRead(db);
            assertThat(openFlags(dir.resolve("plain.mv.db"))).isNotEmpty()
                    .allSatisfy(flags -> assertThat(flags & O_DSYNC).as("O_DSYNC").isZero());
        }
    }

    private static void insertAndRead(Database db) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (id, body) VALUES (1, 'kept')")) {
                return ps.executeUpdate();
            }
        });
        try (var c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT body FROM notes");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    /** The open flags of every descriptor this process holds on {@code file}. */
    private static List<Integer> openFlags(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).map(fd -> flagsOf(fd.getFileName().toString())).toList();
        }
    }

    private static int flagsOf(String fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd))) {
                if (line.startsWith("flags:")) {
                    return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fdinfo of descriptor " + fd, e);
        }
        throw new IllegalStateException("no flags line for descriptor " + fd);
    }
}
