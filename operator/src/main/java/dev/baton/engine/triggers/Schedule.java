package dev.baton.engine.triggers;

import java.time.Instant;
import java.util.Optional;

/** When a time trigger fires: its scheduled times, in order. */
public interface Schedule {

    /** The first scheduled time strictly after {@code after}, if any. */
    Optional<Instant> next(Instant after);

    /** The last scheduled time at or before {@code atOrBefore}, if any. */
    Optional<Instant> previous(Instant atOrBefore);
}
