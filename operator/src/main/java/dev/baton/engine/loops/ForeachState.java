package dev.baton.engine.loops;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a foreach step remembers in status between reconciles: counts and a window, never a list of
 * iterations, so that its size depends on the concurrency and not on the number of iterations.
 *
 * <p>Every index below {@code nextIndex} has had its child created; each of those is either folded
 * (its outcome counted exactly once) or in {@code unfinished}. So an index is folded exactly when it is
 * below {@code nextIndex} and not unfinished, which the state tells alone, after the child is deleted.
 *
 * <p>Why the unfinished set and not the finished ones above the oldest unfinished iteration: without
 * strict ordering, one slow iteration may stay unfinished while thousands after it finish, and the
 * set of those would grow with them. The unfinished set never holds more than the concurrency.
 *
 * @param total      number of iterations (the size of the {@link Iterations})
 * @param nextIndex  the next index to create; every index below it has been created at least once
 * @param unfinished indexes below {@code nextIndex} whose outcome has not been folded yet: running, or
 *                   being created (a missing child is created again, by its deterministic name)
 * @param succeeded  folded iterations that succeeded
 * @param failed     folded iterations that failed
 * @param skipped    folded iterations that were skipped
 * @param stopped    folded iterations that were stopped, by Baton or by someone else
 * @param foldedLeaves leaf steps of the folded iterations by phase, across nested loops: what remains of
 *                   them once their instances are deleted (Maestro's rollup)
 */
public record ForeachState(long total, long nextIndex, SortedSet<Long> unfinished, long succeeded, long failed,
                           long skipped, long stopped, NestedCounts foldedLeaves) {

    public ForeachState(long total, long nextIndex, SortedSet<Long> unfinished, long succeeded, long failed,
                        long skipped, long stopped) {
        this(total, nextIndex, unfinished, succeeded, failed, skipped, stopped, NestedCounts.EMPTY);
    }

    public ForeachState {
        foldedLeaves = foldedLeaves == null ? NestedCounts.EMPTY : foldedLeaves;
        unfinished = Collections.unmodifiableSortedSet(new TreeSet<>(unfinished == null ? Collections.emptySortedSet() : unfinished));
        if (total < 0 || nextIndex < 0 || nextIndex > total) {
            throw new IllegalArgumentException("foreach state: nextIndex " + nextIndex + " is not within 0.." + total);
        }
        if (!unfinished.isEmpty() && (unfinished.first() < 0 || unfinished.last() >= nextIndex)) {
            throw new IllegalArgumentException("foreach state: unfinished " + unfinished + " is not below nextIndex " + nextIndex);
        }
        if (succeeded < 0 || failed < 0 || skipped < 0 || stopped < 0
                || succeeded + failed + skipped + stopped != nextIndex - unfinished.size()) {
            throw new IllegalArgumentException("foreach state: counts " + succeeded + "/" + failed + "/" + skipped + "/"
                    + stopped + " do not add up to the " + (nextIndex - unfinished.size()) + " folded iterations");
        }
    }

    /** A foreach of {@code total} iterations that has created none yet. */
    public static ForeachState start(long total) {
        return new ForeachState(total, 0, Collections.emptySortedSet(), 0, 0, 0, 0);
    }

    /** Derived, not stored: every created iteration that is not folded. It cannot disagree with the rest. */
    public long running() {
        return unfinished.size();
    }

    /** Every index below this one is folded: the oldest unfinished index, or {@code nextIndex} if none. */
    public long doneBelow() {
        return unfinished.isEmpty() ? nextIndex : unfinished.first();
    }

    /** Number of folded iterations. */
    public long done() {
        return nextIndex - unfinished.size();
    }

    /** Failed or stopped iterations: what the failure mode reacts to. */
    public long failures() {
        return failed + stopped;
    }

    /** True when the outcome of iteration {@code index} has been counted. */
    public boolean folded(long index) {
        return index >= 0 && index < nextIndex && !unfinished.contains(index);
    }
}
