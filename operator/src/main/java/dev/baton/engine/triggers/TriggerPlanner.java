package dev.baton.engine.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Decides a time trigger's fires from what is stored and the clock alone, so any operator, after any
 * crash, decides the same: which scheduled times start an instance now, which missed ones the catch-up
 * policy lets go, and when to look again. The instances' names come from the scheduled times, so a fire
 * decided twice still starts one instance.
 */
public final class TriggerPlanner {
    /** Scheduled times looked at, at most, walking back from now: bounds the work after a long downtime. */
    static final int MAX_LOOKBACK = CatchUp.MAX_RUNS + 1;

    private TriggerPlanner() {
    }

    /**
     * @param fire       scheduled times to start now, oldest first
     * @param considered the latest scheduled time that is due, started or let go (the new "last"), or the old one
     * @param skipped    due scheduled times the catch-up policy let go (counted only among those looked at)
     * @param next       the next scheduled time after now, or null
     * @param wakeAt     when a fire is next due (a scheduled time plus its jitter), or null
     */
    public record Decision(List<Instant> fire, Instant considered, int skipped, Instant next, Instant wakeAt) {
    }

    /**
     * @param identity "namespace/workflow/trigger", for the jitter
     * @param last     the latest scheduled time already considered, or null
     * @param since    fires at or before this never count (when the trigger was first seen)
     */
    public static Decision plan(TimeTrigger t, String identity, Instant last, Instant since, Instant now) {
        Instant from = last == null ? since : since == null || last.isAfter(since) ? last : since;
        List<Instant> due = new ArrayList<>();
        Instant pendingWake = null;
        Instant considered = last;
        int skipped = 0;
        Instant cursor = now;
        for (int i = 0; i < MAX_LOOKBACK; i++) {
            Optional<Instant> p = t.schedule().previous(cursor);
            if (p.isEmpty() || (from != null && !p.get().isAfter(from))) {
                break;
            }
            Instant at = p.get();
            Instant startsAt = at.plus(Jitter.delay(identity, at, t.jitter()));
            if (startsAt.isAfter(now)) {
                pendingWake = earliest(pendingWake, startsAt);
            } else {
                if (considered == null || at.isAfter(considered)) {
                    considered = at;
                }
                if (due.size() < t.catchUp().limit() && onTime(t, at, startsAt, now)) {
                    due.add(at);
                } else {
                    // Older fires are later still (jitter is shorter than a period), or past the limit.
                    skipped++;
                    break;
                }
            }
            cursor = at.minusNanos(1);
        }
        Collections.reverse(due);
        Instant next = t.schedule().next(now).orElse(null);
        Instant nextWake = next == null ? null : next.plus(Jitter.delay(identity, next, t.jitter()));
        return new Decision(List.copyOf(due), considered, skipped, next, earliest(pendingWake, nextWake));
    }

    /** The scheduled times of a backfill range, inclusive, oldest first; at most {@code max} or an exception. */
    public static List<Instant> range(Schedule schedule, Instant from, Instant to, int max) {
        List<Instant> out = new ArrayList<>();
        Optional<Instant> at = schedule.next(from.minusNanos(1));
        while (at.isPresent() && !at.get().isAfter(to)) {
            if (out.size() == max) {
                throw new IllegalArgumentException("the range holds more than " + max + " fires; backfill it in parts");
            }
            out.add(at.get());
            at = schedule.next(at.get());
        }
        return out;
    }

    /** Whether a due fire may still start under the policy's deadline. */
    private static boolean onTime(TimeTrigger t, Instant scheduled, Instant startsAt, Instant now) {
        Duration late = Duration.between(startsAt, now);
        Duration deadline = t.catchUp().startingDeadline();
        if (deadline == null) {
            deadline = switch (t.catchUp().policy()) {
                case None -> CatchUp.ON_TIME;
                case Latest -> period(t.schedule(), scheduled);
                case All -> null;
            };
        }
        return deadline == null || late.compareTo(deadline) <= 0;
    }

    /** The time from a scheduled time to the next: one period. */
    private static Duration period(Schedule schedule, Instant scheduled) {
        return schedule.next(scheduled).map(n -> Duration.between(scheduled, n)).orElse(Duration.ofDays(366));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
