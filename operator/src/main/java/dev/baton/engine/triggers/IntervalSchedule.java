package dev.baton.engine.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Every {@code every}, on the times {@code anchor + k × every}: {@code every: 15m} fires at :00, :15, :30, :45 by default. */
public record IntervalSchedule(Duration every, Instant anchor) implements Schedule {
    /** The default anchor: fires line up on the clock (UTC) for periods that divide a day. */
    public static final Instant EPOCH = Instant.EPOCH;

    public IntervalSchedule {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("every must be positive");
        }
    }

    @Override
    public Optional<Instant> next(Instant after) {
        return Optional.of(at(periods(after) + 1));
    }

    @Override
    public Optional<Instant> previous(Instant atOrBefore) {
        return Optional.of(at(periods(atOrBefore)));
    }

    /** Whole periods from the anchor to {@code t}, rounded down (nanosecond precision: 292 years around the anchor). */
    private long periods(Instant t) {
        return Math.floorDiv(Duration.between(anchor, t).toNanos(), every.toNanos());
    }

    private Instant at(long periods) {
        return anchor.plus(every.multipliedBy(periods));
    }
}
