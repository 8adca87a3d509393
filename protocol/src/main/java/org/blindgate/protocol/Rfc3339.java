package org.blindgate.protocol;

import java.time.Instant;

/**
 * Timestamps as the protocol writes them ({@code 2026-01-01T00:00:00.000Z}: UTC, exactly
 * three fraction digits) and as it reads them (any RFC 3339 date-time with {@code Z} or a
 * numeric offset of at most 18 hours, up to nanoseconds).
 *
 * <p>Hand-written rather than {@link java.time.format.DateTimeFormatter}: the formatter
 * accepts forms RFC 3339 does not (signed years of more than four digits, offsets with
 * seconds) and costs far more per frame than the JSON parsing around it. The calendar
 * arithmetic is Howard Hinnant's {@code days_from_civil} / {@code civil_from_days}; the tests
 * compare it with {@code java.time} across the whole range.
 */
final class Rfc3339 {

    /** Longest accepted text: {@code YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM} is 35. */
    static final int MAX_CHARS = 40;

    /** Year 0000 and year 9999 bound what four year digits can say. */
    static final Instant MIN = Instant.ofEpochSecond(-62_167_219_200L);
    static final Instant MAX = Instant.ofEpochSecond(253_402_300_799L, 999_999_999);

    private static final long SECONDS_PER_DAY = 86_400;

    private Rfc3339() {
    }

    static boolean inRange(Instant t) {
        return t.compareTo(MIN) >= 0 && t.compareTo(MAX) <= 0;
    }

    /** The instant {@code s} names, or null when it is not an RFC 3339 date-time in range. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > MAX_CHARS) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            // A leap second (:60) is refused too: java.time cannot hold one, and no client
            // has reason to send one.
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z') {
            if (i + 1 != n) {
                return null;
            }
            offsetSeconds = 0;
        } else if (sign == '+' || sign == '-') {
            if (i + 6 != n || s.charAt(i + 3) != ':') {
                return null;
            }
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            // RFC 3339 allows offsets to 23:59; java.time (and so Instant.parse) stops at
            // 18:00, and no zone is beyond 14:00. Following java.time keeps every accepted
            // text readable by any Java peer.
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = daysFromCivil(year, month, day) * SECONDS_PER_DAY
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        Instant t = Instant.ofEpochSecond(epochSecond, nanos);
        return inRange(t) ? t : null;
    }

    /** {@code t} as {@code YYYY-MM-DDTHH:MM:SS.mmmZ}, truncated to milliseconds. */
    static char[] format(Instant t) {
        if (!inRange(t)) {
            throw new IllegalArgumentException("timestamp must lie between years 0000 and 9999");
        }
        long epochSecond = t.getEpochSecond();
        long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        // civil_from_days
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));

        char[] out = new char[24];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        put(out, 20, t.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return out;
    }

    static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
