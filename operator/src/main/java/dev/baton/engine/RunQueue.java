package dev.baton.engine;

import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.RunStrategy;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Maestro's run strategies: whether an instance may start, must wait in the queue, or must stop itself,
 * given the other instances of its workflow. Decisions depend only on creation order and phases, so a
 * stale view can delay a start but never admit one too many.
 */
public final class RunQueue {
    private RunQueue() {
    }

    /**
     * An instance of the workflow as seen in the cache; phase null before its first reconcile.
     *
     * @param released a failed instance that no longer blocks a StrictSequential queue (spec.releaseQueue)
     * @param priority its spec.priority, else its workflow's
     */
    public record Sibling(String name, Instant created, InstancePhase phase, boolean released, int priority) {
        public Sibling(String name, Instant created, InstancePhase phase) {
            this(name, created, phase, false, 0);
        }

        public Sibling(String name, Instant created, InstancePhase phase, boolean released) {
            this(name, created, phase, released, 0);
        }

        boolean started() {
            return phase == InstancePhase.Running || phase == InstancePhase.Paused;
        }

        boolean waiting() {
            return phase == null || phase == InstancePhase.Pending || phase == InstancePhase.Queued;
        }

        boolean before(Sibling other) {
            return ORDER.compare(this, other) < 0;
        }
    }

    /** Creation order; names break ties, as creation timestamps have one-second precision. */
    static final Comparator<Sibling> ORDER = Comparator.comparing(Sibling::created).thenComparing(Sibling::name);
    /** The order of a Sequential or Parallel queue: higher priority first, then creation order (FIFO among equals). */
    static final Comparator<Sibling> PRIORITY_ORDER = Comparator.comparingInt((Sibling s) -> -s.priority()).thenComparing(ORDER);

    /** What an instance should do: start, wait (with its place in the queue), or stop itself. */
    public record Decision(Kind kind, String reason) {
        public enum Kind { Start, Wait, Stop }

        static Decision start() {
            return new Decision(Kind.Start, null);
        }
    }

    /** For an instance that has not started yet. */
    public static Decision admit(RunStrategy strategy, Sibling me, List<Sibling> others) {
        RunStrategy.Type type = strategy == null ? RunStrategy.Type.Sequential : strategy.type();
        List<Sibling> active = others.stream().filter(Sibling::started).toList();
        // Unsorted: only its size and its first (by ORDER) are needed, and this runs for each of a burst.
        List<Sibling> ahead = others.stream().filter(o -> o.waiting() && o.before(me)).toList();
        switch (type) {
            case FirstOnly:
                if (!active.isEmpty() || !ahead.isEmpty()) {
                    return new Decision(Decision.Kind.Stop, "FirstOnly: " + first(active, ahead) + " runs already");
                }
                return Decision.start();
            case LastOnly:
                return superseded(type, me, others);
            case SerialLatestOnly: {
                Decision newer = superseded(type, me, others.stream().filter(Sibling::waiting).toList());
                if (newer.kind() == Decision.Kind.Stop) {
                    return newer;
                }
                return active.isEmpty() ? Decision.start() : waitFor(active, 1);
            }
            case StrictSequential: {
                List<Sibling> failed = others.stream().filter(o -> o.before(me) && !o.released()
                        && (o.phase() == InstancePhase.Failed || o.phase() == InstancePhase.TimedOut)).toList();
                if (!failed.isEmpty()) {
                    return new Decision(Decision.Kind.Wait, "StrictSequential: blocked by failed instance "
                            + failed.get(0).name() + " until it is restarted or released (its spec.releaseQueue: true)");
                }
                return active.isEmpty() && ahead.isEmpty() ? Decision.start() : waitFor(active, ahead.size() + 1);
            }
            case Parallel: {
                List<Sibling> before = ahead(me, others);
                int limit = strategy.concurrency();
                return active.size() + before.size() < limit ? Decision.start() : waitFor(active, before.size() + 1);
            }
            default: {
                List<Sibling> before = ahead(me, others);
                return active.isEmpty() && before.isEmpty() ? Decision.start() : waitFor(active, before.size() + 1);
            }
        }
    }

    /** The waiting instances that start before this one in a Sequential or Parallel queue: by priority, then creation. */
    private static List<Sibling> ahead(Sibling me, List<Sibling> others) {
        return others.stream().filter(o -> o.waiting() && PRIORITY_ORDER.compare(o, me) < 0).toList();
    }

    /** True when a started instance must still look at the others (only LastOnly stops a running one). */
    public static boolean watchesSiblingsOnceStarted(RunStrategy strategy) {
        return strategy != null && strategy.type() == RunStrategy.Type.LastOnly;
    }

    /** For a started instance: LastOnly stops it as soon as a newer instance exists. */
    public static Decision keepRunning(RunStrategy strategy, Sibling me, List<Sibling> others) {
        if (strategy != null && strategy.type() == RunStrategy.Type.LastOnly) {
            return superseded(strategy.type(), me, others);
        }
        return Decision.start();
    }

    private static Decision superseded(RunStrategy.Type type, Sibling me, List<Sibling> others) {
        return others.stream().filter(me::before).max(ORDER)
                .map(n -> new Decision(Decision.Kind.Stop, type + ": superseded by newer instance " + n.name()))
                .orElse(Decision.start());
    }

    /** Names at most this many running instances in a queued one's message, which lands in its status. */
    static final int NAMED_IN_MESSAGE = 5;

    private static Decision waitFor(List<Sibling> active, int position) {
        String running = "";
        if (!active.isEmpty()) {
            List<String> names = active.stream().sorted(ORDER).limit(NAMED_IN_MESSAGE).map(Sibling::name).toList();
            int more = active.size() - names.size();
            running = " (running: " + String.join(", ", names) + (more > 0 ? " and " + more + " more" : "") + ")";
        }
        return new Decision(Decision.Kind.Wait, "queued at position " + position + running);
    }

    private static String first(List<Sibling> active, List<Sibling> ahead) {
        return (!active.isEmpty() ? active : ahead).stream().min(ORDER).orElseThrow().name();
    }
}
