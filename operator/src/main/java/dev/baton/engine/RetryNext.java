package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.RetryPolicy;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What follows a step's attempt that ended without success, the same for pods, resources and http calls:
 * the step stops when its retries were stopped by request, fails (or completes with error under
 * {@code onFailure: Ignore}) when the retry policy has none left for the attempt's class, waits out the
 * backoff, waits while the run holds new starts, or starts its next attempt.
 */
final class RetryNext {
    private RetryNext() {
    }

    /**
     * @param attempts   the step's attempts, the last one ended
     * @param outcomes   every attempt's outcome of this run, folded ones included
     * @param why        what ended the last attempt and how many retries of its class were used: the
     *                   message of the step and of its StepRetrying Event
     * @param createsPod whether the next attempt takes a unit of stepConcurrency
     * @param launch     starts the attempt of this number
     */
    static StepState after(Step step, StepState current, List<Attempt> attempts, Attempt last, RetryPolicy retry,
                           List<AttemptOutcome> outcomes, String why, boolean createsPod, PlanBuilder out, IntFunction<StepState> launch) {
        if (out.retryStopped(step.name())) {
            return current.withAttempts(attempts, null, null).withPhase(StepPhase.Stopped, out.now(), "stopped by request: no retry after " + why);
        }
        Optional<Duration> delay = retry.nextDelay(outcomes);
        if (delay.isEmpty()) {
            StepPhase phase = step.onFailure() == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
            return current.withAttempts(attempts, null, null).withPhase(phase, out.now(), why);
        }
        Instant at = (last.end() == null ? out.now() : last.end()).plus(delay.get());
        if (out.now().isBefore(at)) {
            out.wakeAt(at);
            return current.withAttempts(attempts, at, "retrying after " + why);
        }
        String hold = out.holdStart(step.name(), false, createsPod);
        if (hold != null) {
            return current.withAttempts(attempts, at, hold);
        }
        out.event(EventReason.StepRetrying, "step " + step.name() + " attempt " + (last.number() + 1) + " after " + why);
        return launch.apply(last.number() + 1);
    }
}
