package dev.baton.engine.triggers;

import java.time.Instant;
import java.util.List;

/**
 * What starts a Workflow's instances by itself, compiled: its time and signal triggers, a backfill asked for, and how
 * many ended triggered instances it keeps.
 *
 * @param backfill a range of past fires to start, or null
 */
public record Triggers(List<TimeTrigger> time, List<SignalTrigger> signal, Backfill backfill, History history) {
    public static final Triggers NONE = new Triggers(List.of(), List.of(), null, History.DEFAULT);

    public Triggers {
        time = List.copyOf(time);
        signal = List.copyOf(signal);
    }

    /** The time trigger named so, or null. */
    public TimeTrigger named(String name) {
        return time.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The fires of {@code trigger} scheduled from {@code from} to {@code to}, inclusive, to start now. */
    public record Backfill(String trigger, Instant from, Instant to, List<Instant> fires) {
        public Backfill {
            fires = List.copyOf(fires);
        }
    }

    /** How many ended instances a workflow's triggers keep, by outcome; older ones are deleted. */
    public record History(int succeeded, int failed) {
        public static final int DEFAULT_KEPT = 100;
        public static final History DEFAULT = new History(DEFAULT_KEPT, DEFAULT_KEPT);
    }
}
