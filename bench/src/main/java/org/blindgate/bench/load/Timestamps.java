package org.blindgate.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The current time as 24 bytes of RFC 3339 UTC with milliseconds
 * ({@code 2026-01-01T00:00:00.000Z}), formatted once per millisecond and shared by all threads.
 */
public final class Timestamps {

    /** Length of the text. */
    public static final int LENGTH = 24;

    private record Cached(long millis, byte[] bytes) {
    }

    private static volatile Cached cached = new Cached(-1, new byte[LENGTH]);

    private Timestamps() {
    }

    /** The current time's bytes; the array is shared and must not be changed. */
    public static byte[] now() {
        long ms = System.currentTimeMillis();
        Cached c = cached;
        if (c.millis() != ms) {
            c = new Cached(ms, format(ms));
            cached = c;
        }
        return c.bytes();
    }

    static byte[] format(long millis) {
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
