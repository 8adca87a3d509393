package org.blindgate.vault.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The directory where upload bodies are received before they are stored: {@code <vault>/tmp}, on
 * the same file system as the {@link FileStorage} objects so that storing is a rename.
 *
 * <p>Receiving into a file rather than straight into the store is what keeps a slow or stalled
 * client cheap: it holds a socket and a file handle, never a worker thread or a database
 * connection. A spool file is deleted by whoever abandons it (refused, cut off, timed out); one
 * left by a crash is removed by {@link #removeStale}.
 */
public final class Spool {

    private static final String SUFFIX = ".part";
    private final Path dir;

    public Spool(Path dir) {
        try {
            this.dir = Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload spool directory " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A fresh file name in the spool (the file is not created). */
    public Path newFile() {
        return dir.resolve(UUID.randomUUID() + SUFFIX);
    }

    /**
     * Deletes spool files not modified for {@code age}: leftovers of a crash. A live upload writes
     * to its file at least once per idle timeout, so an age above that never hits one.
     *
     * @return how many were deleted
     */
    public int removeStale(Duration age) throws IOException {
        Instant cutoff = Instant.now().minus(age);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // finished or abandoned meanwhile
                }
            }
        }
        return removed;
    }
}
