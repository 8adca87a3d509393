package org.blindgate.protocol;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A small property-test harness on plain JUnit: a property is a {@code @Test} method that
 * calls {@code forAll} with generators ({@link Gen}) and a check, which then runs against
 * {@value #DEFAULT_TRIES} generated cases.
 *
 * <p>Runs are deterministic: each property's seed derives from its class and method name, so
 * a failure in CI fails the same way on a laptop. A failure names the property, the seed, the
 * case index and the inputs; {@code -Dblindgate.properties.seed=<seed>} replays it (case
 * {@code i} depends only on the seed and {@code i}, not on the number of tries), and
 * {@code -Dblindgate.properties.tries=<n>} runs more or fewer cases. There is no shrinking:
 * the inputs are printed whole instead.
 */
final class Property {

    static final String TRIES_PROPERTY = "blindgate.properties.tries";
    static final String SEED_PROPERTY = "blindgate.properties.seed";
    static final int DEFAULT_TRIES = 1000;

    private Property() {
    }

    /** A check of three inputs. */
    @FunctionalInterface
    interface Check3<A, B, C> {
        void check(A a, B b, C c);
    }

    /** A check of four inputs. */
    @FunctionalInterface
    interface Check4<A, B, C, D> {
        void check(A a, B b, C c, D d);
    }

    static <A> void forAll(Gen<A> a, Consumer<A> check) {
        run(callerName(), random -> new Object[] {a.next(random)},
                in -> check.accept(cast(in[0])));
    }

    static <A, B> void forAll(Gen<A> a, Gen<B> b, BiConsumer<A, B> check) {
        run(callerName(), random -> new Object[] {a.next(random), b.next(random)},
                in -> check.accept(cast(in[0]), cast(in[1])));
    }

    static <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Check3<A, B, C> check) {
        run(callerName(), random -> new Object[] {a.next(random), b.next(random), c.next(random)},
                in -> check.check(cast(in[0]), cast(in[1]), cast(in[2])));
    }

    static <A, B, C, D> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Check4<A, B, C, D> check) {
        run(callerName(),
                random -> new Object[] {a.next(random), b.next(random), c.next(random), d.next(random)},
                in -> check.check(cast(in[0]), cast(in[1]), cast(in[2]), cast(in[3])));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static void run(String name, Gen<Object[]> inputs, Consumer<Object[]> check) {
        int tries = tries();
        long seed = seed(name);
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            // One split per case: case i sees the same random whatever the number of tries.
            SplittableRandom random = root.split();
            Object[] in = null;
            try {
                in = inputs.next(random);
                check.accept(in);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError) {
                    throw (VirtualMachineError) t;
                }
                throw new AssertionError(describe(name, seed, i, tries, in, t), t);
            }
        }
    }

    private static String describe(String name, long seed, int index, int tries, Object[] in, Throwable t) {
        StringBuilder b = new StringBuilder()
                .append("property ").append(name).append(" failed on case ").append(index)
                .append(" of ").append(tries).append(" with seed ").append(seed)
                .append("\n  replay: mvn -o -pl protocol test -Dtest=").append(name.replace('.', '#'))
                .append(" -D").append(SEED_PROPERTY).append('=').append(seed);
        if (in == null) {
            b.append("\n  (the generators themselves failed)");
        } else {
            for (int k = 0; k < in.length; k++) {
                b.append("\n  input ").append(k + 1).append(": ").append(show(in[k]));
            }
        }
        return b.append("\n  cause: ").append(t).toString();
    }

    static int tries() {
        String value = System.getProperty(TRIES_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_TRIES;
        }
        int tries = Integer.parseInt(value.trim());
        if (tries < 1) {
            throw new IllegalArgumentException(TRIES_PROPERTY + " must be at least 1");
        }
        return tries;
    }

    /** The seed given on the command line, else a fixed one derived from the property's name. */
    private static long seed(String name) {
        String value = System.getProperty(SEED_PROPERTY);
        if (value != null && !value.isBlank()) {
            return Long.parseLong(value.trim());
        }
        // FNV-1a: stable across JVMs and releases, unlike Object.hashCode, and 64 bits wide.
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            hash ^= name.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** {@code SimpleClassName.method} of the test method that called {@code forAll}. */
    private static String callerName() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Property.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1)
                        + "." + f.getMethodName())
                .orElseThrow());
    }

    /**
     * An input as text that pins it down exactly: strings quoted with every character outside
     * printable ASCII escaped (fuzz inputs hold control characters and lone surrogates), and
     * records expanded component by component rather than through their toString, which may
     * hide a component (as {@link ClientFrame.AuthRefresh} hides its token).
     */
    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return quote((String) value, '"');
        }
        if (value instanceof Character) {
            return quote(value.toString(), '\'');
        }
        if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            StringBuilder b = new StringBuilder("bytes[").append(bytes.length).append("] ");
            for (byte x : bytes) {
                b.append(String.format("%02x", x & 0xff));
            }
            return b.toString();
        }
        if (value instanceof Collection) {
            StringBuilder b = new StringBuilder("[");
            for (Object element : (Collection<?>) value) {
                b.append(b.length() > 1 ? ", " : "").append(show(element));
            }
            return b.append(']').toString();
        }
        if (value instanceof Record) {
            StringBuilder b = new StringBuilder(value.getClass().getSimpleName()).append('[');
            RecordComponent[] components = value.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                Object component;
                try {
                    components[i].getAccessor().setAccessible(true);
                    component = components[i].getAccessor().invoke(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return value.toString();
                }
                b.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=').append(show(component));
            }
            return b.append(']').toString();
        }
        return value.toString();
    }

    private static String quote(String s, char quote) {
        StringBuilder b = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= ' ' && c <= '~') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append(quote).toString();
    }
}
