package dev.baton.engine;

import dev.baton.engine.loops.ForeachState;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of one step of a run: what status remembers and what the planner decides next.
 *
 * @param attempts     attempts of the current run only, oldest first
 * @param firstAttempt number of the current run's first attempt; a restart raises it past every earlier
 *                     attempt so that new attempts get new, still deterministic, object names
 * @param folded       ended attempts of this run older than the {@value #LISTED_ATTEMPTS} listed, as counts
 * @param start        when the step started; while it waits for signals or permits, when it began to wait
 * @param signals      the signals that matched the step's waits, by name (empty for a step that waits for none)
 */
public record StepState(String name, StepPhase phase, Map<String, Object> params, Map<String, Object> outputs,
                        List<Attempt> attempts, Instant start, Instant end, Instant nextAttemptAfter, String message,
                        int firstAttempt, ForeachState loop, WhileState whileState, FoldedAttempts folded,
                        Map<String, ArrivedSignal> signals) {
    /** Most attempts listed one by one; older ended ones are folded into counts so status stays small. */
    public static final int LISTED_ATTEMPTS = 10;

    public StepState {
        folded = folded == null ? FoldedAttempts.NONE : folded;
        signals = signals == null ? Map.of() : Map.copyOf(signals);
        if (attempts.size() > LISTED_ATTEMPTS) {
            int cut = attempts.size() - LISTED_ATTEMPTS;
            while (cut > 0 && !attempts.get(cut - 1).ended()) {
                cut--;
            }
            folded = folded.plus(attempts.subList(0, cut));
            attempts = List.copyOf(attempts.subList(cut, attempts.size()));
        }
    }


    public StepState(String name, StepPhase phase, Map<String, Object> params, Map<String, Object> outputs,
                     List<Attempt> attempts, Instant start, Instant end, Instant nextAttemptAfter, String message,
                     int firstAttempt, ForeachState loop, WhileState whileState, FoldedAttempts folded) {
        this(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop, whileState,
                folded, Map.of());
    }

    public static StepState pending(String name) {
        return new StepState(name, StepPhase.Pending, null, null, List.of(), null, null, null, null, 1, null, null, null);
    }

    /** Pending again for a new run, keeping attempt numbers unique across runs. */
    public StepState reset() {
        Attempt last = lastAttempt();
        // Child instances (loops, subworkflows) are named after firstAttempt too, so any step that ran
        // moves past it; for steps that create nothing the number is merely skipped.
        int next = last != null ? last.number() + 1 : phase == StepPhase.Pending ? firstAttempt : firstAttempt + 1;
        return new StepState(name, StepPhase.Pending, null, null, List.of(), null, null, null, null, next, null, null, null);
    }

    /** The same step waiting, with a reason shown in status (suspended, breakpoint, concurrency). */
    public StepState waiting(String why) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, why, firstAttempt, loop, whileState, folded, signals);
    }

    public StepState started(Map<String, Object> params, Instant now) {
        return new StepState(name, StepPhase.Running, params, null, List.of(), now, null, null, null, firstAttempt, null, null,
                null, signals);
    }

    public StepState withPhase(StepPhase phase, Instant end, String message) {
        return new StepState(name, phase, params, outputs, attempts, start, end, null, message, firstAttempt, loop, whileState, folded, signals);
    }

    public StepState withAttempts(List<Attempt> attempts, Instant nextAttemptAfter, String message) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop, whileState, folded, signals);
    }

    public StepState succeeded(Map<String, Object> outputs, List<Attempt> attempts, Instant end) {
        return new StepState(name, StepPhase.Succeeded, params, outputs, attempts, start, end, null, null, firstAttempt, loop, whileState, folded, signals);
    }

    /** Failed before any attempt (an expression of the step could not be evaluated). */
    public StepState failedToStart(String message, Instant now) {
        return new StepState(name, StepPhase.Failed, params, null, attempts, start == null ? now : start, now, null, message, firstAttempt, loop, whileState, folded, signals);
    }

    /** A started subworkflow step keeps the evaluated params it gave its child. */
    public StepState withSubworkflowParams(Map<String, Object> params) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop, whileState, folded, signals);
    }

    public StepState withOutputs(Map<String, Object> outputs) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop, whileState, folded, signals);
    }

    public StepState withWhile(WhileState state) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop, state, folded, signals);
    }

    /** A loop step that ended well, with outputs (a while loop's final loop params). */
    public StepState succeededWith(Map<String, Object> outputs, Instant end, String message) {
        return new StepState(name, StepPhase.Succeeded, params, outputs, attempts, start, end, null, message, firstAttempt, loop, whileState, folded, signals);
    }

    public StepState withLoop(ForeachState loop) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop, whileState, folded, signals);
    }

    /** Waiting for signals since {@code since}, with those matched so far. */
    public StepState waitingForSignals(Instant since, Map<String, ArrivedSignal> matched, String why) {
        return new StepState(name, StepPhase.WaitingForSignal, params, outputs, attempts, since, end, null, why, firstAttempt,
                loop, whileState, folded, matched);
    }

    /** Waiting for permits of shared concurrency limits since {@code since}. */
    public StepState waitingForPermit(Instant since, String why) {
        return new StepState(name, StepPhase.WaitingForPermit, params, outputs, attempts, since, end, null, why, firstAttempt,
                loop, whileState, folded, signals);
    }

    public StepState withSignals(Map<String, ArrivedSignal> matched) {
        return new StepState(name, phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt, loop,
                whileState, folded, matched);
    }

    /** The newest attempt, or null before the first. */
    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
