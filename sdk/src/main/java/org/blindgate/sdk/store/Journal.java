package org.blindgate.sdk.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The store's one file: a plaintext header, then an append-only sequence of sealed entries, each a
 * batch of puts and deletes applied atomically. Replaying the entries gives the current state.
 *
 * <pre>
 * header  "BGSTORE1" | u32 memoryKib | u32 iterations | u32 parallelism | salt[16] | fileId[16]
 *         | u32 n | verifier[n]            verifier = seal("blindgate store", aad = header so far)
 * entry   u32 n | sealed[n]                sealed = nonce[12] | AES-256-GCM(batch) | tag[16],
 *                                          aad = fileId | u64 entry index
 * batch   u32 ops | per op: u8 kind (1 put, 2 delete) | u32 len | name (UTF-8) | [u32 len | value]
 * </pre>
 *
 * <p>The verifier is checked before anything else is read, so a wrong passphrase is told apart
 * from a damaged file and never leads to a write. A crash can only tear the last entry (appends
 * are the only writes); such a tail fails authentication at the end of the file and is cut off on
 * the next open (its bytes are kept beside the file as {@code journal.tail-<time>}). A bad entry
 * followed by more data is damage, not a torn write: the store refuses to open rather than guess.
 *
 * <p>Compaction writes the live state into a new file with a new {@code fileId} and renames it over
 * the old one, so the file stays proportional to what is stored.
 */
final class Journal implements AutoCloseable {

    private static final byte[] MAGIC = "BGSTORE1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERIFIER = "blindgate store".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_FIXED = MAGIC.length + 12 + 16 + 16;
    private static final int MAX_ENTRY = 256 * 1024 * 1024;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    private final Path file;
    private final StoreKey key;
    private final KdfParams kdf;
    private final byte[] salt;
    private byte[] fileId;
    private FileChannel channel;
    private long entries;

    private Journal(Path file, StoreKey key, KdfParams kdf, byte[] salt) {
        this.file = file;
        this.key = key;
        this.kdf = kdf;
        this.salt = salt;
    }

    /** Creates a new, empty journal at {@code file}, which must not exist. */
    static Journal create(Path file, char[] passphrase, KdfParams kdf) throws IOException {
        byte[] salt = StoreKey.random(16);
        Journal j = new Journal(file, StoreKey.derive(passphrase, salt, kdf), kdf, salt);
        j.writeFresh(file, Map.of());
        j.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return j;
    }

    /**
     * Opens {@code file}, replaying every entry into {@code apply}.
     *
     * @throws BadPassphrase if the passphrase does not open it (nothing was written)
     */
    static Journal open(Path file, char[] passphrase, Consumer<Op> apply) throws IOException, BadPassphrase {
        byte[] all = Files.readAllBytes(file);
        if (all.length < HEADER_FIXED + 4 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException("it is not a Blindgate store (unknown header)");
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        in.position(MAGIC.length);
        KdfParams kdf;
        try {
            kdf = new KdfParams(in.getInt(), in.getInt(), in.getInt());
        } catch (IllegalArgumentException e) {
            throw new IOException("its header is damaged (" + e.getMessage() + ")");
        }
        byte[] salt = new byte[16];
        in.get(salt);
        byte[] fileId = new byte[16];
        in.get(fileId);
        int verifierLength = in.getInt();
        if (verifierLength < 0 || verifierLength > in.remaining()) {
            throw new IOException("its header is damaged");
        }
        byte[] prefix = Arrays.copyOf(all, in.position());
        byte[] verifier = new byte[verifierLength];
        in.get(verifier);
        Journal j = new Journal(file, StoreKey.derive(passphrase, salt, kdf), kdf, salt);
        byte[] check = j.key.open(verifier, prefix);
        if (check == null || !Arrays.equals(check, VERIFIER)) {
            throw new BadPassphrase();
        }
        j.fileId = fileId;
        long goodEnd = in.position();
        while (in.remaining() > 0) {
            int length = in.remaining() >= 4 ? in.getInt() : -1;
            if (length < 0 || length > in.remaining() || length > MAX_ENTRY) {
                break; // the length runs past the end: a torn last entry
            }
            byte[] sealed = new byte[length];
            in.get(sealed);
            byte[] batch = j.key.open(sealed, j.aad(j.entries));
            if (batch == null) {
                if (in.remaining() == 0) {
                    break; // the last entry does not authenticate: torn while written
                }
                throw new IOException("entry " + j.entries + " is damaged and more data follows it");
            }
            readBatch(batch, apply);
            j.entries++;
            goodEnd = in.position();
        }
        j.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        if (goodEnd < all.length) {
            // Keep the cut-off bytes beside the store rather than destroy them: if this was damage
            // rather than a torn write, they are still there to look at.
            Path tail = file.resolveSibling(file.getFileName() + ".tail-" + System.currentTimeMillis());
            Files.write(tail, Arrays.copyOfRange(all, (int) goodEnd, all.length), StandardOpenOption.CREATE_NEW);
            j.channel.truncate(goodEnd);
            j.channel.force(true);
        }
        j.channel.position(goodEnd);
        return j;
    }

    /** Appends one batch and forces it to disk: after this returns, the batch survives a crash. */
    void append(List<Op> ops) throws IOException {
        byte[] sealed = key.seal(writeBatch(ops), aad(entries));
        ByteBuffer out = ByteBuffer.allocate(4 + sealed.length);
        out.putInt(sealed.length).put(sealed).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        channel.force(false);
        entries++;
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Rewrites the file with only {@code live}, under a new file id, and switches to it atomically. */
    void compact(Map<String, byte[]> live) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".compacting");
        Files.deleteIfExists(next);
        byte[] previousId = fileId;
        long previousEntries = entries;
        try {
            writeFresh(next, live);
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            fileId = previousId;
            entries = previousEntries;
            Files.deleteIfExists(next);
            throw e;
        }
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void writeFresh(Path target, Map<String, byte[]> live) throws IOException {
        fileId = StoreKey.random(16);
        entries = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_FIXED);
        header.put(MAGIC).putInt(kdf.memoryKib()).putInt(kdf.iterations()).putInt(kdf.parallelism())
                .put(salt).put(fileId);
        byte[] prefix = Arrays.copyOf(header.array(), HEADER_FIXED + 4);
        byte[] verifier = key.seal(VERIFIER, withLength(prefix, verifierLength()));
        ByteBuffer h = ByteBuffer.wrap(prefix);
        h.position(HEADER_FIXED);
        h.putInt(verifier.length);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(prefix));
            out.write(ByteBuffer.wrap(verifier));
            if (!live.isEmpty()) {
                List<Op> ops = live.entrySet().stream().map(e -> Op.put(e.getKey(), e.getValue())).toList();
                byte[] sealed = key.seal(writeBatch(ops), aad(0));
                ByteBuffer entry = ByteBuffer.allocate(4 + sealed.length);
                entry.putInt(sealed.length).put(sealed).flip();
                while (entry.hasRemaining()) {
                    out.write(entry);
                }
                entries = 1;
            }
            out.force(true);
        }
    }

    private static int verifierLength() {
        return StoreKey.NONCE_BYTES + VERIFIER.length + StoreKey.TAG_BYTES;
    }

    private static byte[] withLength(byte[] prefix, int length) {
        byte[] copy = prefix.clone();
        ByteBuffer.wrap(copy).putInt(HEADER_FIXED, length);
        return copy;
    }

    private byte[] aad(long index) {
        return ByteBuffer.allocate(24).put(fileId).putLong(index).array();
    }

    private static byte[] writeBatch(List<Op> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(ops.size());
            for (Op op : ops) {
                byte[] name = op.name().getBytes(StandardCharsets.UTF_8);
                out.writeByte(op.value() == null ? DELETE : PUT);
                out.writeInt(name.length);
                out.write(name);
                if (op.value() != null) {
                    out.writeInt(op.value().length);
                    out.write(op.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static void readBatch(byte[] batch, Consumer<Op> apply) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(batch))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                byte kind = in.readByte();
                String name = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                if (kind == PUT) {
                    int length = in.readInt();
                    byte[] value = in.readNBytes(length);
                    if (value.length != length) {
                        throw new EOFException();
                    }
                    apply.accept(Op.put(name, value));
                } else if (kind == DELETE) {
                    apply.accept(Op.delete(name));
                } else {
                    throw new IOException("an entry holds an unknown operation " + kind);
                }
            }
        } catch (EOFException e) {
            throw new IOException("an authenticated entry is cut short (written by a newer version?)", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** One change: {@code value} null deletes {@code name}. */
    record Op(String name, byte[] value) {
        static Op put(String name, byte[] value) {
            return new Op(name, value);
        }

        static Op delete(String name) {
            return new Op(name, null);
        }
    }

    /** The passphrase does not open this journal. */
    static final class BadPassphrase extends Exception {
        BadPassphrase() {
            super("wrong passphrase", null, false, false);
        }
    }
}
