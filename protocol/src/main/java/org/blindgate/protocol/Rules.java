package org.blindgate.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The forms values must have, shared by the records (which refuse to hold an invalid value)
 * and the codec (which refuses to read one), so the two cannot disagree.
 *
 * <p>Every message built here names the field and the rule, never the value: the values come
 * from clients and may carry content that must not reach a log.
 */
final class Rules {

    static final String REQUEST_ID_RULE =
            "1-" + Limits.MAX_REQUEST_ID_CHARS + " characters of [A-Za-z0-9._:-]";
    static final String SESSION_ID_RULE =
            "1-" + Limits.MAX_SESSION_ID_CHARS + " characters of [A-Za-z0-9._:+/=-]";
    static final String TOKEN_RULE = "1-" + Limits.MAX_TOKEN_CHARS + " characters of [A-Za-z0-9_.-]";
    static final int MAX_REASON_CHARS = 64;
    static final String REASON_RULE = "1-" + MAX_REASON_CHARS + " characters of [a-z0-9_]";

    // One table per alphabet: these checks run on every field of every frame.
    private static final boolean[] REQUEST_ID_CHARS = alphabet("._:-");
    private static final boolean[] SESSION_ID_CHARS = alphabet("._:+/=-");
    private static final boolean[] TOKEN_CHARS = alphabet("_.-");

    /** Value of each lowercase hex digit, -1 for every other ASCII character. */
    private static final int[] HEX = new int[128];

    static {
        Arrays.fill(HEX, -1);
        for (char c = '0'; c <= '9'; c++) {
            HEX[c] = c - '0';
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX[c] = c - 'a' + 10;
        }
    }

    private Rules() {
    }

    static boolean isRequestId(String s) {
        return fits(s, Limits.MAX_REQUEST_ID_CHARS, REQUEST_ID_CHARS);
    }

    static boolean isSessionId(String s) {
        return fits(s, Limits.MAX_SESSION_ID_CHARS, SESSION_ID_CHARS);
    }

    static boolean isToken(String s) {
        return fits(s, Limits.MAX_TOKEN_CHARS, TOKEN_CHARS);
    }

    static boolean isReason(String s) {
        if (s.isEmpty() || s.length() > MAX_REASON_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** ASCII letters and digits plus {@code extra}, as a table indexed by character. */
    private static boolean[] alphabet(String extra) {
        boolean[] allowed = new boolean[128];
        for (char c = 0; c < 128; c++) {
            allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || extra.indexOf(c) >= 0;
        }
        return allowed;
    }

    /**
     * Whether {@code s} is 1 to {@code max} characters of {@code allowed}. A loop rather than
     * a regex: it runs on every frame and never backtracks.
     */
    private static boolean fits(String s, int max, boolean[] allowed) {
        int n = s.length();
        if (n == 0 || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !allowed[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a UUID in the one canonical form the protocol allows (36 characters, lowercase hex,
     * hyphens at 8, 13, 18 and 23), or returns null. {@link UUID#fromString} is not used because
     * it also accepts uppercase and short groups, which would give one id two spellings.
     */
    static UUID parseUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            char c = s.charAt(i);
            int v = c < 128 ? HEX[c] : -1;
            if (v < 0) {
                return null;
            }
            if (i < 19) {
                msb = (msb << 4) | v;
            } else {
                lsb = (lsb << 4) | v;
            }
        }
        return new UUID(msb, lsb);
    }

    // --- checks for record constructors: IllegalArgumentException, as the records promise ---

    static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static Instant requireTimestamp(Instant value, String name) {
        require(value, name);
        if (!Rfc3339.inRange(value)) {
            throw new IllegalArgumentException(name + " must lie between years 0000 and 9999");
        }
        return value;
    }

    static Instant optionalTimestamp(Instant value, String name) {
        return value == null ? null : requireTimestamp(value, name);
    }

    static String requireSessionId(String value, String name) {
        require(value, name);
        if (!isSessionId(value)) {
            throw new IllegalArgumentException(name + " must be " + SESSION_ID_RULE);
        }
        return value;
    }

    static String requireRequestId(String value, String name) {
        if (value != null && !isRequestId(value)) {
            throw new IllegalArgumentException(name + " must be " + REQUEST_ID_RULE);
        }
        return value;
    }

    static long requireAtLeast(long value, long min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min);
        }
        return value;
    }

    static List<UUID> requireIds(List<UUID> ids, int max, String name) {
        require(ids, name);
        if (ids.isEmpty() || ids.size() > max) {
            throw new IllegalArgumentException(name + " must hold 1-" + max + " ids");
        }
        for (UUID id : ids) {
            if (id == null) {
                throw new IllegalArgumentException(name + " must not hold null");
            }
        }
        return List.copyOf(ids);
    }

    static String requireText(String value, String name) {
        require(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
