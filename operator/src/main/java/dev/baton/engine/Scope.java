package dev.baton.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables an expression sees: {@code params}, {@code steps['x'].outputs/.params/.phase/.message/.signals} for steps
 * that have ended, and {@code instance} (name, namespace, startTime, phase, failedSteps).
 */
final class Scope {
    private Scope() {
    }

    static Map<String, Object> of(RunState run, Map<String, StepState> states) {
        return of(run, states, Map.of());
    }

    /**
     * The variables, with {@code instanceFields} over the instance's: the exit hooks read the graph's
     * outcome as {@code instance.phase} and its failed steps as {@code instance.failedSteps}; the graph's
     * own steps see the phase Running and the steps failed so far.
     */
    static Map<String, Object> of(RunState run, Map<String, StepState> states, Map<String, Object> instanceFields) {
        Map<String, Object> steps = new HashMap<>();
        for (StepState s : states.values()) {
            if (s.phase().terminal()) {
                Map<String, Object> view = new HashMap<>();
                view.put("phase", s.phase().name());
                view.put("message", s.message() == null ? "" : s.message());
                view.put("outputs", s.outputs() == null ? Map.of() : s.outputs());
                view.put("params", s.params() == null ? Map.of() : s.params());
                view.put(SignalView.SIGNALS, SignalView.all(s.signals()));
                steps.put(s.name(), view);
            }
        }
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("name", run.instanceName());
        instance.put("namespace", run.namespace());
        instance.put("startTime", run.startTime() == null ? "" : run.startTime().toString());
        instance.put("phase", "Running");
        instance.put("failedSteps", failed(states.values()));
        instance.putAll(instanceFields);
        Map<String, Object> vars = new HashMap<>();
        if (run.loopParams() != null) {
            vars.putAll(run.loopParams()); // loop variables are top-level names: region, i, iteration
        }
        vars.put("params", run.params() == null ? Map.of() : run.params());
        vars.put("steps", steps);
        vars.put("instance", instance);
        return vars;
    }

    /** The names of the steps that ended Failed, in the order given. */
    static java.util.List<String> failed(java.util.Collection<StepState> states) {
        return states.stream().filter(s -> s.phase() == dev.baton.engine.model.StepPhase.Failed).map(StepState::name).toList();
    }
}
