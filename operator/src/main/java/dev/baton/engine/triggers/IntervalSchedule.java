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
        long k = Math.floorDiv(Duration.between(anchor, after).toMillis(), every.toMillis()) + 1;
        return Optional.of(anchor.plusMillis(k * every.toMillis()));
    }

    @Override
    public Optional<Instant> previous(Instant atOrBefore) {
        long k = Math.floorDiv(Duration.between(anchor, atOrBefore).toMillis(), every.toMillis());
        return Optional.of(anchor.plusMillis(k * every.toMillis()));
    }
}
