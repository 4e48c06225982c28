package dev.baton.engine.loops;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many leaf steps are in each phase across a tree of nested loops (Maestro's rollup): a foreach
 * whose iterations hold a foreach reports the sum of its children's counts. Phases with no step are
 * left out, so the map stays as small as the number of phases.
 *
 * @param byPhase count of leaf steps by step phase name, sorted by name
 */
public record NestedCounts(Map<String, Long> byPhase) {
    public static final NestedCounts EMPTY = new NestedCounts(Map.of());

    public NestedCounts {
        TreeMap<String, Long> copy = new TreeMap<>();
        if (byPhase != null) {
            byPhase.forEach((phase, n) -> {
                if (n != null && n != 0) {
                    copy.put(phase, n);
                }
            });
        }
        byPhase = Collections.unmodifiableSortedMap(copy);
    }

    /** {@code n} leaf steps in {@code phase}. */
    public static NestedCounts of(String phase, long n) {
        return new NestedCounts(Map.of(phase, n));
    }

    /** The sum of both, phase by phase. */
    /** The children's leaves added up. */
    public static NestedCounts sum(java.util.List<ForeachPlanner.ChildObservation> children) {
        NestedCounts sum = EMPTY;
        for (ForeachPlanner.ChildObservation c : children) {
            sum = sum.plus(c.leaves());
        }
        return sum;
    }

    public NestedCounts plus(NestedCounts other) {
        TreeMap<String, Long> sum = new TreeMap<>(byPhase);
        other.byPhase.forEach((phase, n) -> sum.merge(phase, n, Long::sum));
        return new NestedCounts(sum);
    }

    /** Leaf steps in {@code phase}, 0 if none. */
    public long get(String phase) {
        return byPhase.getOrDefault(phase, 0L);
    }

    /** Leaf steps in every phase. */
    public long total() {
        return byPhase.values().stream().mapToLong(Long::longValue).sum();
    }
}
