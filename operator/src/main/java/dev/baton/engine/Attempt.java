package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt of a leaf step, as observed from its Job or Pod or remembered in status.
 *
 * @param outputs  the JSON object the step wrote, when it succeeded
 * @param admitted when Kueue admitted the attempt's Job, for a Job in a Kueue queue that was admitted;
 *                 null for attempts not queued and while {@link AttemptOutcome#Admitting}
 */
public record Attempt(int number, AttemptOutcome outcome, Instant start, Instant end, Integer exitCode,
                      String reason, String message, Map<String, Object> outputs, Instant admitted) {
    /**
     * How long a launched attempt may be missing from the operator's cache before it counts as deleted by
     * someone. The reconciler asks the API server before it lets the engine decide so (a cache can lag
     * behind by more than this when its watch breaks), so the grace only saves GETs.
     */
    public static final Duration VANISH_GRACE = Duration.ofSeconds(30);

    /** An attempt that was never queued by Kueue. */
    public Attempt(int number, AttemptOutcome outcome, Instant start, Instant end, Integer exitCode,
                   String reason, String message, Map<String, Object> outputs) {
        this(number, outcome, start, end, exitCode, reason, message, outputs, null);
    }

    public static Attempt launched(int number, Instant now) {
        return new Attempt(number, AttemptOutcome.Running, now, null, null, null, null, null);
    }

    /** A queued attempt's Job that Kueue has not admitted yet. */
    public static Attempt admitting(int number, Instant start) {
        return new Attempt(number, AttemptOutcome.Admitting, start, null, null, null, null, null);
    }

    public boolean ended() {
        return outcome.ended();
    }

    /** The same attempt, ended now with the given class and reason (timeouts, objects that vanished). */
    public Attempt endedAs(AttemptOutcome how, String why, String details, Instant now) {
        return new Attempt(number, how, start, now, exitCode, why, details, null, admitted);
    }

    /** The same attempt, admitted by Kueue at {@code at}. */
    public Attempt admittedAt(Instant at) {
        return new Attempt(number, outcome, start, end, exitCode, reason, message, outputs, at);
    }

    /**
     * When the attempt's timeout starts counting: at its admission when it was queued, unless the step says
     * its time waiting for admission counts too.
     */
    public Instant timeoutFrom(boolean includeAdmission) {
        return admitted != null && !includeAdmission ? admitted : start;
    }
}
