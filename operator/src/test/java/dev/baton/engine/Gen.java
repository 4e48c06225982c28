package dev.baton.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * What the random generators of the property tests are made of: plain draws from a {@link Random}, so
 * that one seed gives one value ({@link Property} hands each try its own). Numbers lean towards their
 * edges, as bugs do: a bounded draw gives its minimum or its maximum one time in sixteen each, an
 * unbounded one the values around zero and the type's limits one time in eight.
 */
final class Gen {
    private static final int[] EDGE_INTS = {0, 1, -1, 2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
            Integer.MIN_VALUE + 1};
    private static final long[] EDGE_LONGS = {0, 1, -1, 2, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
            Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 32, 1L << 53};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, 1.0, -1.0, 0.5, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 9_007_199_254_740_993.0};

    private Gen() {
    }

    /** One of {@code weights.length} choices, the i-th with weight {@code weights[i]}: its index. */
    static int weighted(Random r, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    static boolean chance(Random r, double probability) {
        return r.nextDouble() < probability;
    }

    /** One of the items, each as likely. */
    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    @SafeVarargs
    static <T> T pick(Random r, T... items) {
        return items[r.nextInt(items.length)];
    }

    /** A whole number in [min, max], either end one time in sixteen, else uniform. */
    static int between(Random r, int min, int max) {
        int roll = r.nextInt(16);
        if (roll == 0 || min == max) {
            return min;
        }
        if (roll == 1) {
            return max;
        }
        return (int) (min + (long) (r.nextDouble() * ((long) max - min + 1)));
    }

    /** Any int: near zero or at the limits one time in eight, else small (|n| <= 1000) or anywhere, as often. */
    static int anyInt(Random r) {
        return switch (weighted(r, 1, 3, 4)) {
            case 0 -> EDGE_INTS[r.nextInt(EDGE_INTS.length)];
            case 1 -> r.nextInt(2_001) - 1_000;
            default -> r.nextInt();
        };
    }

    /** Any long, drawn as {@link #anyInt} is. */
    static long anyLong(Random r) {
        return switch (weighted(r, 1, 3, 4)) {
            case 0 -> EDGE_LONGS[r.nextInt(EDGE_LONGS.length)];
            case 1 -> r.nextInt(2_001) - 1_000L;
            default -> r.nextLong();
        };
    }

    /** A BigInteger in [min, max]: either end one time in sixteen each, else of a random bit length within. */
    static BigInteger between(Random r, BigInteger min, BigInteger max) {
        int roll = r.nextInt(16);
        if (roll == 0) {
            return min;
        }
        if (roll == 1) {
            return max;
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        // A random bit length first, so that small and large magnitudes are as likely.
        int bits = 1 + r.nextInt(span.bitLength());
        BigInteger offset = new BigInteger(bits, r).mod(span);
        return min.add(offset);
    }

    /** Any finite double: an edge one time in six, else a plain decimal or any bit pattern. */
    static double anyDouble(Random r) {
        return switch (weighted(r, 1, 3, 2)) {
            case 0 -> EDGE_DOUBLES[r.nextInt(EDGE_DOUBLES.length)];
            case 1 -> Math.round(r.nextGaussian() * 100_000) / 100.0;
            default -> {
                double d;
                do {
                    d = Double.longBitsToDouble(r.nextLong());
                } while (!Double.isFinite(d));
                yield d;
            }
        };
    }

    /**
     * Text of up to {@code maxLength} chars (empty one time in eight, full length one in eight): mostly
     * printable ASCII, with control characters, any other char of the Basic Multilingual Plane, and
     * characters past it (surrogate pairs).
     */
    static String string(Random r, int maxLength) {
        int roll = r.nextInt(8);
        int length = roll == 0 ? 0 : roll == 1 ? maxLength : r.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            switch (weighted(r, 14, 1, 4, 1)) {
                case 0 -> out.append((char) (0x20 + r.nextInt(0x7f - 0x20)));
                case 1 -> out.append((char) (r.nextInt(9) == 0 ? 0x7f : r.nextInt(0x20)));
                case 2 -> {
                    char c;
                    do {
                        c = (char) (0x80 + r.nextInt(0xfffe - 0x80));
                    } while (Character.isSurrogate(c));
                    out.append(c);
                }
                default -> {
                    if (out.length() + 2 <= length) {
                        out.appendCodePoint(0x10000 + r.nextInt(Character.MAX_CODE_POINT - 0x10000));
                    }
                }
            }
        }
        return out.toString();
    }

    /** A list of {@code min} to {@code max} elements (either size one time in sixteen). */
    static <T> List<T> list(Random r, int min, int max, Function<Random, ? extends T> element) {
        int n = between(r, min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(r));
        }
        return out;
    }

    /**
     * An unmodifiable object of the given keys and values, in that order. Generated trees use it rather
     * than {@code Map.of}, whose order changes from one JVM to the next: the places a {@link TreeMutation}
     * picks would change with it, and a seed would no longer replay its tree.
     */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }
}
