package org.blindgate.vault.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 UTC with exactly three fraction digits, as PROTOCOL.md §0 fixes for every timestamp. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The wire form, or null for null (so optional fields are omitted). */
    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
