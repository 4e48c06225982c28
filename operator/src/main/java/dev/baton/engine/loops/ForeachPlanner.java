package dev.baton.engine.loops;

import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.StepPhase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The scheduling of a foreach step's iterations, each a child instance: which indexes to create, stop
 * and delete, and the step's phase. Pure and level-triggered: it reads the state kept in status and the
 * children that exist now, and returns the next state with what to do.
 *
 * <p>Children are created lazily as slots free up, so only running iterations and the most recent
 * finished ones exist at a time; memory and status stay proportional to the concurrency, not to the
 * number of iterations. Safe to run again on the same input, or after any write was lost: a finished
 * child is counted once (the state records it); a child that is missing although created is created
 * again; a child found beyond {@code nextIndex} (its creation was done but the status write lost) is
 * adopted. A finished child is deleted in the pass that folds it: the reconciler deletes children only
 * after writing the status of the pass (see {@link dev.baton.engine.Plan.Child}), so a lost status write
 * never loses an outcome nor makes an iteration run twice, and at most {@code concurrency + retention}
 * children exist at any time.
 */
public final class ForeachPlanner {

    /** How a child iteration stands, from the phase of its instance. */
    public enum ChildPhase {
        Running, Succeeded, Failed, Stopped, Skipped;

        public boolean finished() {
            return this != Running;
        }

        /**
         * The phase of a child instance: waiting and paused children are still running, and so is one
         * just created that has no status yet (null); a timeout is a failure.
         */
        public static ChildPhase of(InstancePhase phase) {
            if (phase == null) {
                return Running;
            }
            return switch (phase) {
                case Pending, Queued, Running, Paused -> Running;
                case Succeeded -> Succeeded;
                case Failed, TimedOut -> Failed;
                case Stopped -> Stopped;
            };
        }
    }

    /**
     * A child iteration that exists in the cluster.
     *
     * @param leaves the child's leaf steps by phase, across its own nested loops (its status.leaves)
     */
    public record ChildObservation(long index, ChildPhase phase, NestedCounts leaves) {
        public ChildObservation {
            leaves = leaves == null ? NestedCounts.EMPTY : leaves;
        }

        public ChildObservation(long index, ChildPhase phase) {
            this(index, phase, NestedCounts.EMPTY);
        }
    }

    /**
     * How the iterations of one foreach run.
     *
     * @param concurrency    most unfinished iterations at a time, 1 to {@link #MAX_CONCURRENCY}
     * @param strictOrdering window measured from the oldest unfinished iteration: index i starts only when
     *                       every index up to i - concurrency has finished
     * @param onFailure      what a failed iteration does to the others
     * @param retention      finished children kept (the highest indexes) before older ones are deleted
     */
    public record Settings(int concurrency, boolean strictOrdering, OnFailure onFailure, int retention) {
        public static final int DEFAULT_CONCURRENCY = 20;
        /** Bounds the state: its unfinished set holds at most this many indexes (under 8 KiB of JSON). */
        public static final int MAX_CONCURRENCY = 1_000;
        public static final int DEFAULT_RETENTION = 100;

        public Settings {
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("foreach.concurrency must be between 1 and " + MAX_CONCURRENCY
                        + ", got " + concurrency);
            }
            if (retention < 0) {
                throw new IllegalArgumentException("foreach retention must not be negative, got " + retention);
            }
            onFailure = onFailure == null ? OnFailure.FailAfterRunning : onFailure;
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_CONCURRENCY, false, OnFailure.FailAfterRunning, DEFAULT_RETENTION);
        }
    }

    /**
     * What to do now.
     *
     * @param next    the state to write to status
     * @param create  indexes whose child to create (creating one that exists is success), ascending
     * @param delete  finished children to delete (deleting one that is gone is harmless), ascending
     * @param stop    running children to stop, ascending
     * @param phase   Running until every iteration is folded or the failure mode ends the step
     * @param message for the step's status
     */
    public record ForeachDecision(ForeachState next, List<Long> create, List<Long> delete, List<Long> stop,
                                  StepPhase phase, String message) {
        public ForeachDecision {
            create = List.copyOf(create);
            delete = List.copyOf(delete);
            stop = List.copyOf(stop);
        }
    }

    private ForeachPlanner() {
    }

    /** Folds what finished, then creates, stops and deletes children as the settings say. */
    public static ForeachDecision plan(ForeachState state, Collection<ChildObservation> children, Settings settings) {
        Tally tally = new Tally(state);
        Set<Long> present = new HashSet<>();
        children.stream().filter(c -> c.index() >= 0 && c.index() < state.total()).forEach(c -> present.add(c.index()));
        present.stream().max(Long::compare).ifPresent(tally::adopt);
        List<ChildObservation> failedNow = new ArrayList<>();
        for (ChildObservation child : children) {
            if (child.phase().finished() && tally.fold(child.index(), child.phase(), child.leaves()) && child.phase() != ChildPhase.Succeeded
                    && child.phase() != ChildPhase.Skipped) {
                failedNow.add(child);
            }
        }
        failedNow.sort(Comparator.comparingLong(ChildObservation::index));
        boolean failing = tally.failures() > 0 && settings.onFailure() != OnFailure.Ignore;
        if (failing && settings.onFailure() == OnFailure.FailImmediately) {
            List<Long> stop = tally.stopAll();
            ForeachState next = tally.state();
            return new ForeachDecision(next, List.of(), deletions(next, children, settings.retention()), stop,
                    StepPhase.Failed, failedImmediately(failedNow, stop.size(), next));
        }
        List<Long> create = new ArrayList<>();
        tally.unfinished.stream().filter(i -> !present.contains(i)).forEach(create::add);
        if (!failing) {
            create.addAll(tally.open(settings));
        }
        ForeachState next = tally.state();
        StepPhase phase = phase(next, settings.onFailure());
        return new ForeachDecision(next, create, deletions(next, children, settings.retention()), List.of(),
                phase, message(next, phase, settings.onFailure()));
    }

    /**
     * Ends the step because the instance stops (user stop, timeout, another step failing fast): every
     * unfinished child is stopped and counted as stopped.
     */
    public static ForeachDecision halt(ForeachState state, String why) {
        Tally tally = new Tally(state);
        List<Long> stop = tally.stopAll();
        return new ForeachDecision(tally.state(), List.of(), List.of(), stop, StepPhase.Stopped, "stopped: " + why);
    }

    /** Folded children beyond the {@code retention} highest indexes, those folded in this pass included. */
    private static List<Long> deletions(ForeachState after, Collection<ChildObservation> children, int retention) {
        List<Long> folded = children.stream().map(ChildObservation::index).filter(after::folded).distinct()
                .sorted(Comparator.reverseOrder()).toList();
        if (folded.size() <= retention) {
            return List.of();
        }
        return folded.subList(retention, folded.size()).stream().sorted().toList();
    }

    private static StepPhase phase(ForeachState s, OnFailure onFailure) {
        if (s.running() > 0 || (s.nextIndex() < s.total() && (s.failures() == 0 || onFailure == OnFailure.Ignore))) {
            return StepPhase.Running;
        }
        if (s.failures() == 0) {
            return StepPhase.Succeeded;
        }
        return onFailure == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
    }

    private static String message(ForeachState s, StepPhase phase, OnFailure onFailure) {
        long notStarted = s.total() - s.nextIndex();
        return switch (phase) {
            case Running -> s.failures() > 0 && onFailure != OnFailure.Ignore
                    ? failures(s) + "; waiting for " + s.running() + " running, " + notStarted + " not started"
                    : s.done() + " of " + s.total() + " iterations done, " + s.running() + " running"
                      + (s.failures() > 0 ? "; " + failures(s) : "");
            case Succeeded -> s.total() == 0 ? "no iterations"
                    : count(s.succeeded(), "iteration") + " succeeded" + (s.skipped() > 0 ? ", " + s.skipped() + " skipped" : "");
            case CompletedWithError -> failures(s) + " (onFailure: Ignore)";
            default -> failures(s) + (notStarted > 0 ? ", " + notStarted + " not started" : "");
        };
    }

    /** "1 of 10 iterations failed", "2 of 10 iterations stopped", "1 of 10 iterations failed, 2 stopped". */
    private static String failures(ForeachState s) {
        String of = " of " + s.total() + " iteration" + (s.total() == 1 ? "" : "s");
        if (s.failed() == 0) {
            return s.stopped() + of + " stopped";
        }
        return s.failed() + of + " failed" + (s.stopped() > 0 ? ", " + s.stopped() + " stopped" : "");
    }

    private static String failedImmediately(List<ChildObservation> failedNow, int stopped, ForeachState s) {
        if (failedNow.isEmpty()) {
            return failures(s) + " (onFailure: FailImmediately)";
        }
        String which = failedNow.stream().limit(3)
                .map(c -> "iteration " + c.index() + " " + c.phase().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")) + (failedNow.size() > 3 ? ", ..." : "");
        return which + " (onFailure: FailImmediately); stopped " + stopped + " running, "
               + (s.total() - s.nextIndex()) + " not started";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The state being changed during one plan. */
    private static final class Tally {
        private final long total;
        private long nextIndex;
        private final TreeSet<Long> unfinished;
        private long succeeded;
        private long failed;
        private long skipped;
        private long stopped;
        private NestedCounts leaves;

        Tally(ForeachState s) {
            total = s.total();
            nextIndex = s.nextIndex();
            unfinished = new TreeSet<>(s.unfinished());
            succeeded = s.succeeded();
            failed = s.failed();
            skipped = s.skipped();
            stopped = s.stopped();
            leaves = s.foldedLeaves();
        }

        /** A child exists at or beyond nextIndex: it was created by a pass whose status write was lost. */
        void adopt(long highest) {
            for (; nextIndex <= highest; nextIndex++) {
                unfinished.add(nextIndex);
            }
        }

        /** Counts a finished child, and its leaf steps, once; false when it was already folded. */
        boolean fold(long index, ChildPhase phase, NestedCounts childLeaves) {
            if (!unfinished.remove(index)) {
                return false;
            }
            leaves = leaves.plus(childLeaves);
            switch (phase) {
                case Succeeded -> succeeded++;
                case Failed -> failed++;
                case Skipped -> skipped++;
                case Stopped -> stopped++;
                case Running -> throw new IllegalArgumentException("a running child is not folded");
            }
            return true;
        }

        long failures() {
            return failed + stopped;
        }

        /** Every unfinished index, now counted as stopped. */
        List<Long> stopAll() {
            List<Long> stop = new ArrayList<>(unfinished);
            stopped += stop.size();
            unfinished.clear();
            return stop;
        }

        /** New indexes the window has room for, now unfinished. */
        List<Long> open(Settings settings) {
            long limit = settings.strictOrdering()
                    ? (unfinished.isEmpty() ? nextIndex : unfinished.first()) + settings.concurrency()
                    : nextIndex + settings.concurrency() - unfinished.size();
            List<Long> opened = new ArrayList<>();
            for (; nextIndex < Math.min(limit, total); nextIndex++) {
                unfinished.add(nextIndex);
                opened.add(nextIndex);
            }
            return opened;
        }

        ForeachState state() {
            return new ForeachState(total, nextIndex, unfinished, succeeded, failed, skipped, stopped, leaves);
        }
    }
}
