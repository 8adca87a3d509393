package org.blindgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: a failure must be replayable from what it prints, or the property tests
 * are only as good as the luck of whoever saw them fail.
 */
class PropertyTest {

    private static final Pattern SEED = Pattern.compile("with seed (-?\\d+)");

    /** Fails on roughly every other case, so it fails early and on a printed input. */
    private static void failsOnLargeNumbers() {
        Property.forAll(Gen.ints(0, 1_000_000), n -> assertThat(n).isLessThan(500_000));
    }

    @Test
    void failureNamesPropertySeedCaseAndInput() {
        AssertionError e = catchThrowableOfType(AssertionError.class, PropertyTest::failsOnLargeNumbers);

        assertThat(e.getMessage())
                .contains("property PropertyTest.failsOnLargeNumbers failed on case ")
                .contains(" of " + Property.tries() + " with seed ")
                .contains("-D" + Property.SEED_PROPERTY + "=")
                .containsPattern("input 1: \\d+")
                .contains("to be less than");
        assertThat(e.getCause()).isInstanceOf(AssertionError.class);
    }

    @Test
    void runsAreDeterministic() {
        String first = catchThrowableOfType(AssertionError.class, PropertyTest::failsOnLargeNumbers).getMessage();
        String second = catchThrowableOfType(AssertionError.class, PropertyTest::failsOnLargeNumbers).getMessage();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void seedPropertyReplaysAFailureFromAnyProperty() {
        String failure = catchThrowableOfType(AssertionError.class, PropertyTest::failsOnLargeNumbers).getMessage();
        Matcher seed = SEED.matcher(failure);
        assertThat(seed.find()).isTrue();

        String replay = withProperty(Property.SEED_PROPERTY, seed.group(1),
                () -> catchThrowableOfType(AssertionError.class, PropertyTest::failsOnLargeNumbers).getMessage());
        List<Integer> viaOtherName = withProperty(Property.SEED_PROPERTY, seed.group(1), () -> drawn(3));

        assertThat(replay).isEqualTo(failure);
        assertThat(drawn(3)).isNotEqualTo(viaOtherName);
    }

    @Test
    void triesPropertySetsTheNumberOfCasesAndKeepsEachCase() {
        List<Integer> thousand = withProperty(Property.TRIES_PROPERTY, null, () -> drawn(-1));
        List<Integer> seven = withProperty(Property.TRIES_PROPERTY, "7", () -> drawn(-1));

        assertThat(thousand).hasSize(Property.DEFAULT_TRIES);
        assertThat(seven).hasSize(7).isEqualTo(thousand.subList(0, 7));
    }

    /** The inputs one property run is given, up to {@code limit} of them (-1: all). */
    private static List<Integer> drawn(int limit) {
        List<Integer> seen = new ArrayList<>();
        Property.forAll(Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE), n -> {
            if (limit < 0 || seen.size() < limit) {
                seen.add(n);
            }
        });
        return seen;
    }

    private interface Body<T> {
        T run();
    }

    /** Runs {@code body} with a system property set (or cleared, for null), then restores it. */
    private static <T> T withProperty(String name, String value, Body<T> body) {
        String before = System.getProperty(name);
        try {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
            return body.run();
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }
}
