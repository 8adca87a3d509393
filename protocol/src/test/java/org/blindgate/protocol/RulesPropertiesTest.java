package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written checks say exactly what the protocol's patterns say. */
class RulesPropertiesTest {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,2048}");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Provide
    Arbitrary<String> candidates() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(140),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(140),
                Arbitraries.strings().withChars("aZ09._:+/=-_ \u00e9").ofMaxLength(140));
    }

    @Provide
    Arbitrary<String> uuidLike() {
        return Arbitraries.oneOf(
                Frames.uuids().map(UUID::toString),
                Frames.uuids().map(u -> u.toString().toUpperCase()),
                Arbitraries.strings().withChars("0123456789abcdefABCDEFg-{} ").ofLength(36));
    }

    @Property
    void alphabetsMatchTheirPatterns(@ForAll("candidates") String s) {
        assertThat(Rules.isSessionId(s)).isEqualTo(SESSION_ID.matcher(s).matches());
        assertThat(Rules.isRequestId(s)).isEqualTo(REQUEST_ID.matcher(s).matches());
        assertThat(Rules.isToken(s)).isEqualTo(TOKEN.matcher(s).matches());
    }

    @Property
    void readsExactlyTheCanonicalUuids(@ForAll("uuidLike") String s) {
        UUID parsed = Rules.parseUuid(s);
        if (CANONICAL_UUID.matcher(s).matches()) {
            assertThat(parsed).isEqualTo(UUID.fromString(s));
            assertThat(parsed.toString()).isEqualTo(s);
        } else {
            assertThat(parsed).isNull();
        }
    }
}
