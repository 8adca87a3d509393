package org.blindgate.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random test values for {@link Property}. A generator is a plain function of a
 * {@link SplittableRandom}, so a case is fully determined by the random it is handed, which is
 * what makes a failing case replayable from its seed.
 *
 * <p>Numbers, sizes and characters are not drawn uniformly only: one draw in
 * {@value #EDGE_ODDS} takes an edge (a bound, zero, the empty or the longest value) and many
 * take a small magnitude. Faults sit at the edges, and a uniform draw from a range of 2^63
 * practically never lands on one.
 */
@FunctionalInterface
interface Gen<T> {

    /** One draw in this many picks an edge value outright. */
    int EDGE_ODDS = 8;

    /** Past this many rejections in a row a filter is hiding a generator bug, not being picky. */
    int MAX_FILTER_MISSES = 10_000;

    String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** Null with probability {@code p}, for nullable fields, else a value of this generator. */
    default Gen<T> orNull(double p) {
        return random -> random.nextDouble() < p ? null : next(random);
    }

    /** Only the values {@code keep} accepts; meant for rare rejections, not for narrowing. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int i = 0; i < MAX_FILTER_MISSES; i++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("filter refused " + MAX_FILTER_MISSES
                    + " values in a row: generate the wanted values directly instead");
        };
    }

    /** Lists of {@code min} to {@code max} values of this generator. */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int n = size(random, min, max);
            List<T> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    static <T> Gen<T> constant(T value) {
        return random -> value;
    }

    /** One of {@code values}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        // Element by element: javac's lint trusts @SafeVarargs only while the array is not handed on.
        List<T> copy = new ArrayList<>(values.length);
        for (T value : values) {
            copy.add(value);
        }
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** Every constant of an enumeration, each as likely. */
    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** A value of one of {@code generators}, each generator as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> copy = new ArrayList<>(generators.length);
        for (Gen<? extends T> generator : generators) {
            copy.add(generator);
        }
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    static Gen<Integer> ints(int min, int max) {
        return random -> (int) between(random, min, max);
    }

    static Gen<Long> longs(long min, long max) {
        return random -> between(random, min, max);
    }

    /** Doubles in [0, 1), including both ends' extremes. */
    static Gen<Double> unitDoubles() {
        return random -> {
            if (random.nextInt(EDGE_ODDS) == 0) {
                return random.nextBoolean() ? 0.0 : Math.nextDown(1.0);
            }
            return random.nextDouble();
        };
    }

    /** One character of {@code alphabet}, each as likely. */
    static Gen<Character> chars(String alphabet) {
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("alphabet must not be empty");
        }
        return random -> alphabet.charAt(random.nextInt(alphabet.length()));
    }

    /** One character from {@code from} to {@code to}, both included. */
    static Gen<Character> chars(char from, char to) {
        return random -> (char) random.nextInt(from, to + 1);
    }

    /**
     * Any UTF-16 code unit but noncharacters and private-use characters, lone surrogates
     * included: peers are not bound to send well-formed text. Edges are those that trip
     * JSON and UTF-8 handling: control characters, quote and backslash, the boundaries of
     * the UTF-8 byte lengths, surrogates and the replacement character.
     */
    static Gen<Character> anyChar() {
        String edges = "\u0000\u001f \"\\\u007f\u0080\u07ff\u0800\ud800\udbff\udc00\udfff\ufffd";
        return random -> {
            if (random.nextInt(EDGE_ODDS) == 0) {
                return edges.charAt(random.nextInt(edges.length()));
            }
            while (true) {
                char c = (char) random.nextInt(Character.MAX_VALUE + 1);
                boolean noncharacter = (c >= '\ufdd0' && c <= '\ufdef') || c >= '\ufffe';
                boolean privateUse = c >= '\ue000' && c <= '\uf8ff';
                if (!noncharacter && !privateUse) {
                    return c;
                }
            }
        };
    }

    /** Strings of {@code min} to {@code max} characters drawn from {@code chars}. */
    static Gen<String> strings(Gen<Character> chars, int min, int max) {
        return random -> {
            int n = size(random, min, max);
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append(chars.next(random).charValue());
            }
            return b.toString();
        };
    }

    /** Byte arrays of {@code min} to {@code max} bytes, any value, extremes favoured. */
    static Gen<byte[]> bytes(int min, int max) {
        byte[] edges = {0, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
        return random -> {
            byte[] out = new byte[size(random, min, max)];
            for (int i = 0; i < out.length; i++) {
                out[i] = random.nextInt(EDGE_ODDS) == 0 ? edges[random.nextInt(edges.length)]
                        : (byte) random.nextInt(256);
            }
            return out;
        };
    }

    /**
     * A size from {@code min} to {@code max}: the bounds themselves now and then, small sizes
     * often (where most corner cases are), and any size otherwise.
     */
    static int size(SplittableRandom random, int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        int pick = random.nextInt(EDGE_ODDS);
        if (pick == 0) {
            return random.nextBoolean() ? min : max;
        }
        if (pick < EDGE_ODDS / 2) {
            return random.nextInt(min, Math.min(max, min + 8) + 1);
        }
        return random.nextInt(min, max + 1);
    }

    /**
     * A number from {@code min} to {@code max}: an edge (bounds, their neighbours, zero and
     * ±1 when in range) one time in {@value #EDGE_ODDS}, a magnitude of uniformly chosen bit
     * length around zero (or the nearest bound) three times in {@value #EDGE_ODDS}, uniform
     * otherwise. The middle mode is what reaches both 7 and 2^40 in a range of 2^63.
     */
    static long between(SplittableRandom random, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        int pick = random.nextInt(EDGE_ODDS);
        if (pick == 0) {
            long[] edges = {min, max, min + 1, max - 1, 0, 1, -1};
            // min + 1 and max - 1 may overflow or leave the range; the range check drops them.
            while (true) {
                long edge = edges[random.nextInt(edges.length)];
                if (edge >= min && edge <= max) {
                    return edge;
                }
            }
        }
        if (pick < EDGE_ODDS / 2) {
            long anchor = Math.max(min, Math.min(max, 0));
            int bits = random.nextInt(64);
            long magnitude = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
            boolean up = anchor == min || (anchor != max && random.nextBoolean());
            try {
                long value = up ? Math.addExact(anchor, magnitude) : Math.subtractExact(anchor, magnitude);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (ArithmeticException e) {
                // Past the end of long: fall through to a uniform draw.
            }
        }
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return random.nextLong();
        }
        // nextLong's bound is exclusive; shift the range when max + 1 would overflow.
        return max < Long.MAX_VALUE ? random.nextLong(min, max + 1) : random.nextLong(min - 1, max) + 1;
    }
}
