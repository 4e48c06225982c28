package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * What a step's runner sees in one planning pass: the observed run, the variables its expressions read
 * (built only when asked for: most passes of a running step read none), and where decisions go.
 */
final class Pass {
    private final RunState run;
    private final Map<String, StepState> decided;
    private final PlanBuilder out;
    private Map<String, Object> vars;

    private final Map<String, Object> instanceFields;

    Pass(RunState run, Map<String, StepState> decided, PlanBuilder out) {
        this(run, decided, out, Map.of());
    }

    /** A pass whose expressions see {@code instanceFields} in {@code instance} (the exit hooks'). */
    Pass(RunState run, Map<String, StepState> decided, PlanBuilder out, Map<String, Object> instanceFields) {
        this.run = run;
        this.decided = decided;
        this.out = out;
        this.instanceFields = instanceFields;
    }

    RunState run() {
        return run;
    }

    PlanBuilder out() {
        return out;
    }

    Instant now() {
        return out.now();
    }

    /**
     * What the expressions of one step see: {@link #vars()}, and the step's own matched signals as
     * {@code signals} when it waited for any.
     */
    Map<String, Object> varsOf(StepState step) {
        if (step.signals().isEmpty()) {
            return vars();
        }
        Map<String, Object> out = new java.util.HashMap<>(vars());
        out.put(SignalView.SIGNALS, SignalView.all(step.signals()));
        return out;
    }

    /** params, steps that have ended in this pass or before, instance, and loop variables. */
    Map<String, Object> vars() {
        if (vars == null) {
            vars = Scope.of(run, decided, instanceFields);
        }
        return vars;
    }
}
