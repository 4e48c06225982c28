package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt of a leaf step, as observed from its Job or Pod or remembered in status.
 *
 * @param outputs  the JSON object the step wrote, when it succeeded
 * @param stuck    why a running attempt's pod cannot start (an image that cannot be pulled), or null; only
 *                 ever read from the cluster, never stored
 * @param admitted when Kueue admitted the attempt's Job, for a Job in a Kueue queue that was admitted;
 *                 null for attempts not queued and while {@link AttemptOutcome#Admitting}
 */
public record Attempt(int number, AttemptOutcome outcome, Instant start, Instant end, Integer exitCode,
                      String reason, String message, Map<String, Object> outputs, Stuck stuck, Instant admitted) {
    /**
     * How long a launched attempt may be missing from the operator's cache before it counts as deleted by
     * someone. The reconciler asks the API server before it lets the engine decide so (a cache can lag
     * behind by more than this when its watch breaks), so the grace only saves GETs.
     */
    public static final Duration VANISH_GRACE = Duration.ofSeconds(30);

    /**
     * How long a running attempt's pod may stay stuck (its image cannot be pulled) before the attempt
     * fails: the kubelet tries the pull again after 10 s and 20 s, so a registry that hiccups gets three
     * tries, while a step whose image does not exist fails in half a minute instead of at its timeout.
     */
    public static final Duration STUCK_GRACE = Duration.ofSeconds(30);

    /** An attempt that is not stuck and was never queued by Kueue. */
    public Attempt(int number, AttemptOutcome outcome, Instant start, Instant end, Integer exitCode,
                   String reason, String message, Map<String, Object> outputs) {
        this(number, outcome, start, end, exitCode, reason, message, outputs, null, null);
    }

    /**
     * Why a running attempt cannot go on by itself, as its pod says, and how the attempt ends once it has
     * stayed so for {@link #STUCK_GRACE}.
     *
     * @param outcome the class it ends as: UserError when retrying cannot help (the image does not exist),
     *                PlatformError otherwise (the registry cannot be reached)
     * @param since   when the node started the pod, from which the grace counts
     */
    public record Stuck(AttemptOutcome outcome, String reason, String message, Instant since) {
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
        return new Attempt(number, how, start, now, exitCode, why, details, null, null, admitted);
    }

    /** The same attempt, admitted by Kueue at {@code at}. */
    public Attempt admittedAt(Instant at) {
        return new Attempt(number, outcome, start, end, exitCode, reason, message, outputs, stuck, at);
    }

    /**
     * When the attempt's timeout starts counting: at its admission when it was queued, unless the step says
     * its time waiting for admission counts too.
     */
    public Instant timeoutFrom(boolean includeAdmission) {
        return admitted != null && !includeAdmission ? admitted : start;
    }
}
