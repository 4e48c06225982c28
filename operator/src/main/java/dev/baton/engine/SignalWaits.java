package dev.baton.engine;

import dev.baton.engine.model.Durations;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import dev.baton.engine.model.StepSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's waitForSignals: once its dependencies let it run, it is WaitingForSignal until each wait has
 * a matching signal, then it starts. Each wait takes the oldest matching signal (by creation, then uid),
 * so every pass, and every operator, picks the same one; status keeps it, so a signal deleted later (its
 * ttl) changes nothing. The step's timeout bounds the wait.
 */
final class SignalWaits {
    /**
     * When a step that began to wait looks again by itself: a signal created between this pass's read and
     * the status write that lists the wait may find no waiting instance to wake.
     */
    static final Duration FIRST_RECHECK = Duration.ofSeconds(10);
    /** After that, a new signal wakes the instances waiting for its name; this only bounds a lost event. */
    static final Duration RECHECK = Duration.ofMinutes(10);

    private final Expressions expressions;

    SignalWaits(Expressions expressions) {
        this.expressions = expressions;
    }

    /**
     * @param ready true when every wait is matched and the step may start
     * @param state the step with what matched so far; when not ready, waiting (or failed past its timeout)
     */
    record Result(boolean ready, StepState state) {
    }

    Result check(Step step, StepState current, Pass pass) {
        List<StepSignals.Wait> waits = step.signals().waits();
        Instant now = pass.now();
        Instant since = current.phase() == StepPhase.WaitingForSignal && current.start() != null ? current.start() : now;
        Map<String, ArrivedSignal> matched = new LinkedHashMap<>(current.signals());
        for (StepSignals.Wait w : waits) {
            if (!matched.containsKey(w.name())) {
                ArrivedSignal found = oldestMatch(w, threshold(w, pass.run(), since), pass.run().signals(), pass.vars());
                if (found != null) {
                    matched.put(w.name(), found);
                }
            }
        }
        List<String> missing = waits.stream().map(StepSignals.Wait::name).filter(n -> !matched.containsKey(n)).toList();
        if (missing.isEmpty()) {
            return new Result(true, current.withSignals(matched));
        }
        Duration timeout = step.attempted() == null ? null : step.attempted().timeout();
        String what = (missing.size() == 1 ? "signal " : "signals ") + String.join(", ", missing);
        if (timeout != null && !now.isBefore(since.plus(timeout))) {
            return new Result(false, current.waitingForSignals(since, matched, null)
                    .withPhase(StepPhase.Failed, now, "waited its timeout of " + Durations.format(timeout) + " for " + what));
        }
        pass.out().wakeAt(now.plus(current.phase() == StepPhase.WaitingForSignal ? RECHECK : FIRST_RECHECK));
        if (timeout != null) {
            pass.out().wakeAt(since.plus(timeout));
        }
        return new Result(false, current.waitingForSignals(since, matched, "waiting for " + what));
    }

    /** The instant before which a signal does not count for the wait, or null for any. */
    private static Instant threshold(StepSignals.Wait w, RunState run, Instant since) {
        return switch (w.since()) {
            case Run -> run.startTime();
            case Step -> since;
            case Any -> null;
        };
    }

    private ArrivedSignal oldestMatch(StepSignals.Wait w, Instant after, SignalSource source, Map<String, Object> vars) {
        List<ArrivedSignal> candidates = source.named(w.name()).stream()
                .filter(s -> after == null || !s.created().isBefore(after))
                .sorted(Comparator.comparing(ArrivedSignal::created).thenComparing(ArrivedSignal::uid))
                .toList();
        for (ArrivedSignal s : candidates) {
            if (matches(w, s, vars)) {
                return s;
            }
        }
        return null;
    }

    /** The wait's match over the signal, with the run's variables in scope (params.date, upstream steps). */
    private boolean matches(StepSignals.Wait w, ArrivedSignal s, Map<String, Object> vars) {
        if (w.match() == null) {
            return true;
        }
        Map<String, Object> scope = new java.util.HashMap<>(vars);
        scope.put(SignalView.SIGNAL, SignalView.of(w.name(), s));
        try {
            return expressions.condition(w.match(), scope);
        } catch (ExpressionException e) {
            // A signal's params are whatever its sender wrote: one that the condition cannot read (a
            // missing key) does not match, and the step waits on for one that does.
            return false;
        }
    }
}
