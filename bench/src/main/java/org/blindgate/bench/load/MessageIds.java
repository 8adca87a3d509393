package org.blindgate.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Message ids that carry their own bookkeeping: the high 64 bits are random per run, the low
 * 64 bits are {@code sender << 32 | counter} passed through a bijective mixer. A recipient reads
 * who sent a message and its number straight from the id, so the bench needs no shared map of
 * ids; and the systems under test see ordinary, unique, lowercase canonical UUIDs (PROTOCOL.md
 * §0).
 *
 * <p>Why the mixer: PROTOCOL.md says clients make random message ids, and the SDK does. Unmixed,
 * one sender's ids were consecutive, so a store's index on the message id took each sender's
 * messages as appends to one spot instead of inserts all over the tree, which flattered it.
 */
public final class MessageIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Length of a canonical UUID. */
    public static final int LENGTH = 36;

    private final byte[] high = new byte[19];

    public MessageIds(long seed) {
        long msb = new SplittableRandom(seed).nextLong();
        msb = (msb & ~0xF000L) | 0x4000L; // version 4 look, for tools that check
        byte[] full = new byte[LENGTH];
        writeHex(full, 0, msb, 0L);
        System.arraycopy(full, 0, high, 0, high.length);
    }

    /** The low 64 bits for message {@code counter} of {@code sender}. */
    public static long lsb(int sender, long counter) {
        return ((long) sender << 32) | (counter & 0xFFFF_FFFFL);
    }

    public static int sender(long lsb) {
        return (int) (lsb >>> 32);
    }

    public static long counter(long lsb) {
        return lsb & 0xFFFF_FFFFL;
    }

    /** Writes the 36 characters of the id of ({@code sender}, {@code counter}) at {@code off}. */
    public void write(byte[] dst, int off, int sender, long counter) {
        System.arraycopy(high, 0, dst, off, high.length);
        long lsb = mix(lsb(sender, counter));
        // chars 19..22, '-', 24..35 hold the 16 hex digits of lsb
        int shift = 60;
        for (int i = 19; i < LENGTH; i++) {
            if (i == 23) {
                dst[off + i] = '-';
                continue;
            }
            dst[off + i] = HEX[(int) (lsb >>> shift) & 0xF];
            shift -= 4;
        }
    }

    /** The id as a string, for protocols that take text. */
    public String string(int sender, long counter) {
        byte[] b = new byte[LENGTH];
        write(b, 0, sender, counter);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the low 64 bits of an id of this run at {@code off} of {@code src}; -1 if the
     * bytes are not an id of this run.
     */
    public long parse(byte[] src, int off) {
        if (off < 0 || off + LENGTH > src.length) {
            return -1;
        }
        for (int i = 0; i < high.length; i++) {
            if (src[off + i] != high[i]) {
                return -1;
            }
        }
        long lsb = 0;
        for (int i = 19; i < LENGTH; i++) {
            if (i == 23) {
                if (src[off + i] != '-') {
                    return -1;
                }
                continue;
            }
            int v = hexValue(src[off + i]);
            if (v < 0) {
                return -1;
            }
            lsb = (lsb << 4) | v;
        }
        return unmix(lsb);
    }

    /** SplitMix64's finaliser: a bijection of 64-bit values that looks random. */
    static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }

    /** The inverse of {@link #mix}: each step undone in reverse order, with the multipliers' inverses mod 2^64. */
    static long unmix(long x) {
        x ^= (x >>> 31) ^ (x >>> 62);
        x *= 0x319642b2d24d8ec3L;
        x ^= (x >>> 27) ^ (x >>> 54);
        x *= 0x96de1b173f119089L;
        return x ^ (x >>> 30) ^ (x >>> 60);
    }

    /** Like {@link #parse(byte[], int)}, from a string. */
    public long parse(CharSequence s, int off) {
        if (off < 0 || off + LENGTH > s.length()) {
            return -1;
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(off + i);
            if (c > 127) {
                return -1;
            }
            b[i] = (byte) c;
        }
        return parse(b, 0);
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static void writeHex(byte[] dst, int off, long msb, long lsb) {
        int pos = off;
        for (int i = 0; i < 32; i++) {
            if (i == 8 || i == 12 || i == 16 || i == 20) {
                dst[pos++] = '-';
            }
            long word = i < 16 ? msb : lsb;
            int shift = 60 - 4 * (i % 16);
            dst[pos++] = HEX[(int) (word >>> shift) & 0xF];
        }
    }
}
