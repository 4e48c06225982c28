package dev.baton.engine;

import dev.baton.api.StepPhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The state of one step of a run: what status remembers and what the planner decides next. */
public record StepState(String name, StepPhase phase, Map<String, Object> params, Map<String, Object> outputs,
                        List<Attempt> attempts, Instant start, Instant end, Instant nextAttemptAfter, String message) {

    public static StepState pending(String name) {
        return new StepState(name, StepPhase.Pending, null, null, List.of(), null, null, null, null);
    }

    public StepState withPhase(StepPhase phase, Instant end, String message) {
        return new StepState(name, phase, params, outputs, attempts, start, end, null, message);
    }

    public StepState withAttempts(List<Attempt> attempts, Instant nextAttemptAfter, String message) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message);
    }

    public StepState succeeded(Map<String, Object> outputs, List<Attempt> attempts, Instant end) {
        return new StepState(name, dev.baton.api.StepPhase.Succeeded, params, outputs, attempts, start, end, null, null);
    }

    /** The newest attempt, or null before the first. */
    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
