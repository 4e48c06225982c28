package dev.baton.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The queue of one shared concurrency limit: higher priority first, first come first served among equals
 * (the moment each began to wait, then its name). A waiter may take a permit when fewer waiters are ahead
 * of it than permits are free. This only orders the waiters: how many hold at once is arbitrated by the
 * API server (the reconciler's PermitLedger), so a stale view of the waiters can reorder but never
 * grant one permit too many.
 */
public final class PermitQueue {
    private PermitQueue() {
    }

    /**
     * One holder waiting for the permit.
     *
     * @param id       what names its grant (unique in the namespace: the Lease name)
     * @param priority its instance's priority
     * @param since    when it began to wait
     */
    public record Waiter(String id, int priority, Instant since) {
    }

    static final Comparator<Waiter> ORDER = Comparator.comparingInt((Waiter w) -> -w.priority())
            .thenComparing(Waiter::since).thenComparing(Waiter::id);

    /**
     * True when {@code me} may take a permit now.
     *
     * @param waiting every waiter of the limit (may include {@code me})
     * @param holding the ids of the grants that exist (including unconfirmed ones: they count until gone)
     * @param limit   the limit's current value
     */
    public static boolean mayTake(Waiter me, Collection<Waiter> waiting, Set<String> holding, int limit) {
        long others = holding.stream().filter(id -> !id.equals(me.id())).count();
        long free = limit - others;
        if (free <= 0) {
            return false;
        }
        // Waiters that hold already (a grant their status does not show yet) are counted in holding.
        long ahead = waiting.stream()
                .filter(w -> !w.id().equals(me.id()) && !holding.contains(w.id()) && ORDER.compare(w, me) < 0)
                .count();
        return ahead < free;
    }

    /**
     * The waiters that may take a permit now, in queue order: as many of those that hold none yet as permits
     * are free. What a freed permit or a raised limit wakes (a waiter outside this list would only find
     * others ahead of it); {@code w} is in it exactly when {@link #mayTake} holds for a {@code w} that holds none.
     */
    public static List<Waiter> next(Collection<Waiter> waiting, Set<String> holding, int limit) {
        long free = limit - holding.size();
        if (free <= 0) {
            return List.of();
        }
        return waiting.stream().filter(w -> !holding.contains(w.id())).sorted(ORDER).limit(free).toList();
    }
}
