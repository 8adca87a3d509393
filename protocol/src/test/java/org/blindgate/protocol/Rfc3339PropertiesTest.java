package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp code agrees with java.time over the whole range of four-digit years. */
class Rfc3339PropertiesTest {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static Gen<Instant> anyInstant() {
        Gen<Long> seconds = Gen.longs(Rfc3339.MIN.getEpochSecond(), Rfc3339.MAX.getEpochSecond());
        Gen<Integer> nanos = Gen.ints(0, 999_999_999);
        return random -> Instant.ofEpochSecond(seconds.next(random), nanos.next(random));
    }

    /**
     * The parts of a date-time text, each drawn independently within its field's digits, so
     * that impossible dates (February 30th) and out-of-range instants come up too.
     */
    record DateTimeParts(int year, int month, int day, int hour, int minute, int second, int fractionDigits,
                         int fraction, int offsetMinutes, boolean zulu) {
    }

    static Gen<DateTimeParts> dateTimeParts() {
        Gen<Integer> years = Gen.ints(0, 9999);
        Gen<Integer> months = Gen.ints(1, 12);
        Gen<Integer> days = Gen.ints(1, 31);
        Gen<Integer> hours = Gen.ints(0, 23);
        Gen<Integer> minutes = Gen.ints(0, 59);
        Gen<Integer> seconds = Gen.ints(0, 59);
        Gen<Integer> fractionDigits = Gen.ints(0, 9);
        Gen<Integer> fractions = Gen.ints(0, 999_999_999);
        Gen<Integer> offsets = Gen.ints(-1439, 1439);
        Gen<Boolean> zulu = Gen.booleans();
        return random -> new DateTimeParts(years.next(random), months.next(random), days.next(random),
                hours.next(random), minutes.next(random), seconds.next(random), fractionDigits.next(random),
                fractions.next(random), offsets.next(random), zulu.next(random));
    }

    @Test
    void formatsLikeJavaTimeTruncatedToMilliseconds() {
        Property.forAll(anyInstant(), t -> assertThat(new String(Rfc3339.format(t))).isEqualTo(MILLIS.format(t)));
    }

    @Test
    void readsBackWhatItWrites() {
        Property.forAll(anyInstant(), t -> assertThat(Rfc3339.parse(new String(Rfc3339.format(t))))
                .isEqualTo(t.truncatedTo(ChronoUnit.MILLIS)));
    }

    @Test
    void parsesLikeJavaTime() {
        Property.forAll(dateTimeParts(), p -> {
            String f = p.fractionDigits() == 0 ? ""
                    : "." + String.format("%09d", p.fraction()).substring(0, p.fractionDigits());
            String offset = p.zulu() ? "Z" : String.format("%s%02d:%02d", p.offsetMinutes() < 0 ? "-" : "+",
                    Math.abs(p.offsetMinutes()) / 60, Math.abs(p.offsetMinutes()) % 60);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", p.year(), p.month(), p.day(),
                    p.hour(), p.minute(), p.second(), f, offset);

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
        });
    }
}
