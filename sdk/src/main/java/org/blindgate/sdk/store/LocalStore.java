package org.blindgate.sdk.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.blindgate.sdk.StoreException;
import org.blindgate.sdk.WrongPassphraseException;

/**
 * The client's state on disk, encrypted at rest: named byte values (keys, sessions, cursors,
 * history) in one {@link Journal} file under a directory, AES-256-GCM under a key derived from
 * the passphrase with Argon2id. Everything is also held in memory; changes are written as atomic
 * {@link Batch}es, so a message's session update, history entry and cursor land together or not
 * at all.
 *
 * <p>A directory holds one store, used by one process at a time (a lock file enforces it), and is
 * made readable by its owner only. Names never leave the encrypted entries.
 */
public final class LocalStore implements AutoCloseable {

    static final String FILE = "store.bgs";
    private static final long COMPACT_AT_BYTES = 4L * 1024 * 1024;

    private final Path dir;
    private final NavigableMap<String, byte[]> values;
    private final Journal journal;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long liveBytes;

    private LocalStore(Path dir, NavigableMap<String, byte[]> values, Journal journal, FileChannel lockChannel,
            FileLock lock) {
        this.dir = dir;
        this.values = values;
        this.journal = journal;
        this.lockChannel = lockChannel;
        this.lock = lock;
        values.forEach((k, v) -> liveBytes += k.length() + v.length);
    }

    /** Whether {@code dir} holds a store. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Opens the store in {@code dir}, creating the directory and an empty store when there is none.
     *
     * @param kdf Argon2id cost for a new store; an existing one keeps the cost it was made with
     * @throws WrongPassphraseException if the passphrase does not open it (nothing changed)
     * @throws StoreException           if it cannot be created, locked or read
     */
    public static LocalStore open(Path dir, char[] passphrase, KdfParams kdf) {
        if (passphrase == null || passphrase.length == 0) {
            throw new StoreException("a store passphrase is required");
        }
        FileChannel lockChannel = null;
        try {
            createPrivateDirectory(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("the store at " + dir + " is in use by another Blindgate client");
            }
            Path file = dir.resolve(FILE);
            NavigableMap<String, byte[]> values = new TreeMap<>();
            Journal journal;
            if (Files.exists(file)) {
                journal = Journal.open(file, passphrase, op -> {
                    if (op.value() == null) {
                        values.remove(op.name());
                    } else {
                        values.put(op.name(), op.value());
                    }
                });
            } else {
                journal = Journal.create(file, passphrase, kdf);
                restrictToOwner(file);
            }
            return new LocalStore(dir, values, journal, lockChannel, lock);
        } catch (Journal.BadPassphrase e) {
            closeQuietly(lockChannel);
            throw new WrongPassphraseException(dir.toString());
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StoreException("cannot open the store at " + dir + ": " + describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    /** The directory this store lives in. */
    public Path directory() {
        return dir;
    }

    /** The value stored under {@code name}, or null. */
    public synchronized byte[] get(String name) {
        byte[] v = values.get(name);
        return v == null ? null : v.clone();
    }

    /** Every name starting with {@code prefix}, in name order, with its value. */
    public synchronized Map<String, byte[]> withPrefix(String prefix) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : values.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.put(e.getKey(), e.getValue().clone());
        }
        return out;
    }

    /** A new, empty set of changes; nothing is written until {@link Batch#commit()}. */
    public Batch batch() {
        return new Batch();
    }

    private synchronized void apply(List<Journal.Op> ops) {
        if (ops.isEmpty()) {
            return;
        }
        try {
            journal.append(ops);
        } catch (IOException e) {
            throw new StoreException("cannot write the store at " + dir + ": " + describe(e), e);
        }
        for (Journal.Op op : ops) {
            byte[] old = op.value() == null ? values.remove(op.name()) : values.put(op.name(), op.value());
            liveBytes += (op.value() == null ? 0 : op.name().length() + op.value().length)
                    - (old == null ? 0 : op.name().length() + old.length);
        }
        try {
            long size = journal.size();
            if (size > COMPACT_AT_BYTES && size > 3 * liveBytes) {
                journal.compact(values);
            }
        } catch (IOException e) {
            // The appended batch is durable; a failed compaction only leaves the file longer.
            throw new StoreException("cannot compact the store at " + dir + ": " + describe(e), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            journal.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new StoreException("cannot close the store at " + dir + ": " + describe(e), e);
        }
    }

    /**
     * Changes applied together: reads through a batch see its own changes first. Not thread-safe;
     * one batch belongs to one task.
     */
    public final class Batch {
        private final Map<String, byte[]> changes = new HashMap<>();
        private final List<String> order = new ArrayList<>();

        private Batch() {
        }

        /** Stores {@code value} under {@code name} (a copy). */
        public Batch put(String name, byte[] value) {
            record(name, value.clone());
            return this;
        }

        /** Removes {@code name}. */
        public Batch delete(String name) {
            record(name, null);
            return this;
        }

        private void record(String name, byte[] value) {
            if (!changes.containsKey(name)) {
                order.add(name);
            }
            changes.put(name, value);
        }

        /** The value as it will be after this batch: its own change, else the stored value. */
        public byte[] get(String name) {
            if (changes.containsKey(name)) {
                byte[] v = changes.get(name);
                return v == null ? null : v.clone();
            }
            return LocalStore.this.get(name);
        }

        /** {@link LocalStore#withPrefix} as it will be after this batch. */
        public Map<String, byte[]> withPrefix(String prefix) {
            Map<String, byte[]> out = new TreeMap<>(LocalStore.this.withPrefix(prefix));
            changes.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    if (v == null) {
                        out.remove(k);
                    } else {
                        out.put(k, v.clone());
                    }
                }
            });
            return out;
        }

        /** Whether it holds any change. */
        public boolean isEmpty() {
            return changes.isEmpty();
        }

        /** Writes every change in one durable entry, then empties the batch for reuse. */
        public void commit() {
            List<Journal.Op> ops = new ArrayList<>(order.size());
            for (String name : order) {
                ops.add(new Journal.Op(name, changes.get(name)));
            }
            apply(ops);
            discard();
        }

        /** Forgets every change. */
        public void discard() {
            changes.clear();
            order.clear();
        }
    }
}
