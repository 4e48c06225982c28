package dev.baton.engine.loops;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The iterations of a foreach: the cartesian product of its params, never materialised. A product of
 * 100,000 or more iterations is only ever read one index at a time, so it costs the memory of the param
 * lists, not of the product.
 *
 * <p>Index order is that of nested for-loops in declaration order: the first param varies slowest and
 * the last fastest, so {@code {a: [1, 2], b: [x, y, z]}} gives a1 b x, a1 b y, ... a2 b z.
 */
public final class Iterations {
    /** Most iterations one foreach may have unless the caller sets another limit. */
    public static final long DEFAULT_MAX = 1_000_000;
    /** The loop variable holding the 0-based index of the iteration. */
    public static final String ITERATION = "iteration";

    private final List<String> names;
    private final List<List<Object>> values;
    private final long[] strides;
    private final long size;

    /** The product of these params (name to evaluated list of values, in declaration order), at most {@link #DEFAULT_MAX}. */
    public Iterations(LinkedHashMap<String, List<Object>> params) {
        this(params, DEFAULT_MAX);
    }

    /**
     * The product of these params, at most {@code max} iterations.
     *
     * @throws IllegalArgumentException when the product has more than {@code max} iterations (however
     *                                  large, without overflowing) or a param is named {@value #ITERATION}
     */
    public Iterations(LinkedHashMap<String, List<Object>> params, long max) {
        if (params.containsKey(ITERATION)) {
            throw new IllegalArgumentException("foreach.params: '" + ITERATION + "' is reserved for the iteration index");
        }
        this.names = List.copyOf(params.keySet());
        this.values = new ArrayList<>();
        params.values().forEach(list -> values.add(Collections.unmodifiableList(new ArrayList<>(list))));
        this.size = checkedSize(params, max);
        this.strides = new long[names.size()];
        long stride = 1;
        for (int i = names.size() - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= Math.max(1, values.get(i).size());
        }
    }

    private static long checkedSize(LinkedHashMap<String, List<Object>> params, long max) {
        BigInteger product = BigInteger.ONE;
        for (List<Object> list : params.values()) {
            product = product.multiply(BigInteger.valueOf(list.size()));
        }
        if (product.compareTo(BigInteger.valueOf(max)) > 0) {
            String factors = params.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue().size() + ")")
                    .collect(Collectors.joining(" × "));
            throw new IllegalArgumentException("foreach.params: the product " + factors + " has " + product
                    + " iterations, more than the limit of " + max);
        }
        return product.longValueExact();
    }

    /** Number of iterations: the product of the list sizes; 0 if any list is empty; 1 with no params. */
    public long size() {
        return size;
    }

    /** Names of the params, in declaration order. */
    public List<String> names() {
        return names;
    }

    /** The loop variables of iteration {@code index}: each param's value, then {@value #ITERATION}. */
    public Map<String, Object> get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("iteration " + index + " of a foreach with " + size + " iterations");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            List<Object> list = values.get(i);
            vars.put(names.get(i), list.get((int) ((index / strides[i]) % list.size())));
        }
        vars.put(ITERATION, index);
        return Collections.unmodifiableMap(vars);
    }
}
