package org.blindgate.vault.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Objects as files: {@code <root>/<first two hex digits of the id>/<id>}. The embedded default.
 *
 * <p>Writes are atomic and durable: the spool file is fsynced, renamed into place (a rename within
 * one file system is atomic, so a reader sees the whole object or none), and the directory is
 * fsynced so the rename itself survives a power cut. Only vault-made UUIDs become file names, and
 * {@link #path} still checks that the result stays under the root.
 */
public final class FileStorage implements ObjectStore {

    private final Path root;

    public FileStorage(Path root) {
        try {
            this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(UUID id, Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path target = path(id);
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            fsyncDirectory(root);
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // The spool is on another file system: copy next to the target first, then rename.
            Path tmp = dir.resolve("." + id + ".tmp");
            try {
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(file);
            }
        }
        fsyncDirectory(dir);
    }

    @Override
    public InputStream open(UUID id, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(path(id), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(UUID id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    @Override
    public void forEachStoredBefore(Instant cutoff, Consumer<UUID> action) throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        UUID id = idOf(file.getFileName().toString());
                        try {
                            if (id != null && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                                action.accept(id);
                            }
                        } catch (NoSuchFileException gone) {
                            // deleted meanwhile (expired, or by its device)
                        }
                    }
                }
            }
        }
    }

    /** The file of object {@code id}; never outside the root. */
    Path path(UUID id) {
        String name = id.toString();
        Path file = root.resolve(name.substring(0, 2)).resolve(name).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalStateException("object path escapes the object directory");
        }
        return file;
    }

    private static UUID idOf(String name) {
        if (name.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(name);
            return id.toString().equals(name) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    /** Reads at most {@code remaining} bytes of the wrapped stream. */
    static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
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
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            } else if (n < 0) {
                throw new IOException("object ended " + remaining + " bytes early");
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
