package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt of a leaf step, as observed from its Job or Pod or remembered in status.
 *
 * @param outputs the JSON object the step wrote, when it succeeded
 */
public record Attempt(int number, AttemptOutcome outcome, Instant start, Instant end, Integer exitCode,
                      String reason, String message, Map<String, Object> outputs) {
    /**
     * How long a launched attempt may be missing from the operator's cache before it counts as deleted by
     * someone. The reconciler asks the API server before it lets the engine decide so (a cache can lag
     * behind by more than this when its watch breaks), so the grace only saves GETs.
     */
    public static final Duration VANISH_GRACE = Duration.ofSeconds(30);

    public static Attempt launched(int number, Instant now) {
        return new Attempt(number, AttemptOutcome.Running, now, null, null, null, null, null);
    }

    public boolean ended() {
        return outcome != AttemptOutcome.Running;
    }

    /** The same attempt, ended now with the given class and reason (timeouts, objects that vanished). */
    public Attempt endedAs(AttemptOutcome how, String why, String details, Instant now) {
        return new Attempt(number, how, start, now, exitCode, why, details, null);
    }
}
