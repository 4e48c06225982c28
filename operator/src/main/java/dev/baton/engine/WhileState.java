package dev.baton.engine;

import dev.baton.engine.loops.NestedCounts;
import java.util.Map;

/**
 * A while step's progress: the iteration running now and its loop params. Constant size.
 *
 * @param foldedLeaves leaf steps of the iterations before {@code iteration} by phase (their instances are
 *                     deleted), across nested loops
 */
public record WhileState(long iteration, Map<String, Object> params, NestedCounts foldedLeaves) {
    public WhileState {
        foldedLeaves = foldedLeaves == null ? NestedCounts.EMPTY : foldedLeaves;
    }

    public WhileState(long iteration, Map<String, Object> params) {
        this(iteration, params, NestedCounts.EMPTY);
    }
}
