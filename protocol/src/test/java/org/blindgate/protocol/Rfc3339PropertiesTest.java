package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The hand-written timestamp code agrees with java.time over the whole range of four-digit years. */
class Rfc3339PropertiesTest {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Provide
    Arbitrary<Instant> anyInstant() {
        return Combinators.combine(
                        Arbitraries.longs().between(Rfc3339.MIN.getEpochSecond(), Rfc3339.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Property
    void formatsLikeJavaTimeTruncatedToMilliseconds(@ForAll("anyInstant") Instant t) {
        assertThat(new String(Rfc3339.format(t))).isEqualTo(MILLIS.format(t));
    }

    @Property
    void readsBackWhatItWrites(@ForAll("anyInstant") Instant t) {
        assertThat(Rfc3339.parse(new String(Rfc3339.format(t)))).isEqualTo(t.truncatedTo(ChronoUnit.MILLIS));
    }

    @Property
    void parsesLikeJavaTime(@ForAll @IntRange(min = 0, max = 9999) int year, @ForAll @IntRange(min = 1, max = 12) int month,
            @ForAll @IntRange(min = 1, max = 31) int day, @ForAll @IntRange(min = 0, max = 23) int hour,
            @ForAll @IntRange(min = 0, max = 59) int minute, @ForAll @IntRange(min = 0, max = 59) int second,
            @ForAll @IntRange(min = 0, max = 9) int fractionDigits, @ForAll @IntRange(min = 0, max = 999_999_999) int fraction,
            @ForAll @IntRange(min = -1439, max = 1439) int offsetMinutes, @ForAll boolean zulu) {
        String f = fractionDigits == 0 ? "" : "." + String.format("%09d", fraction).substring(0, fractionDigits);
        String offset = zulu ? "Z" : String.format("%s%02d:%02d", offsetMinutes < 0 ? "-" : "+",
                Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
        String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", year, month, day, hour, minute, second, f, offset);

        Instant expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            if (!Rfc3339.inRange(expected)) {
                expected = null;
            }
        } catch (DateTimeParseException e) {
            expected = null;
        }
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }
}
