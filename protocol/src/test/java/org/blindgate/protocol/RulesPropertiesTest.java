package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks say exactly what the protocol's patterns say. */
class RulesPropertiesTest {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,2048}");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    static Gen<String> candidates() {
        return Gen.oneOf(
                Gen.strings(Gen.anyChar(), 0, 140),
                Gen.strings(Gen.chars(' ', '~'), 0, 140),
                Gen.strings(Gen.chars("aZ09._:+/=-_ \u00e9"), 0, 140));
    }

    static Gen<String> uuidLike() {
        return Gen.oneOf(
                Frames.uuids().map(UUID::toString),
                Frames.uuids().map(u -> u.toString().toUpperCase()),
                Gen.strings(Gen.chars("0123456789abcdefABCDEFg-{} "), 36, 36));
    }

    @Test
    void alphabetsMatchTheirPatterns() {
        Property.forAll(candidates(), s -> {
            assertThat(Rules.isSessionId(s)).isEqualTo(SESSION_ID.matcher(s).matches());
            assertThat(Rules.isRequestId(s)).isEqualTo(REQUEST_ID.matcher(s).matches());
            assertThat(Rules.isToken(s)).isEqualTo(TOKEN.matcher(s).matches());
        });
    }

    @Test
    void readsExactlyTheCanonicalUuids() {
        Property.forAll(uuidLike(), s -> {
            UUID parsed = Rules.parseUuid(s);
            if (CANONICAL_UUID.matcher(s).matches()) {
                assertThat(parsed).isEqualTo(UUID.fromString(s));
                assertThat(parsed.toString()).isEqualTo(s);
            } else {
                assertThat(parsed).isNull();
            }
        });
    }
}
