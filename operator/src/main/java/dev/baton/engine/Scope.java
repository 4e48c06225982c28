package dev.baton.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables an expression sees: {@code params}, {@code steps['x'].outputs/.params/.phase/.signals} for steps
 * that have ended, and {@code instance} (name, namespace, startTime).
 */
final class Scope {
    private Scope() {
    }

    static Map<String, Object> of(RunState run, Map<String, StepState> states) {
        Map<String, Object> steps = new HashMap<>();
        for (StepState s : states.values()) {
            if (s.phase().terminal()) {
                Map<String, Object> view = new HashMap<>();
                view.put("phase", s.phase().name());
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
        Map<String, Object> vars = new HashMap<>();
        if (run.loopParams() != null) {
            vars.putAll(run.loopParams()); // loop variables are top-level names: region, i, iteration
        }
        vars.put("params", run.params() == null ? Map.of() : run.params());
        vars.put("steps", steps);
        vars.put("instance", instance);
        return vars;
    }
}
