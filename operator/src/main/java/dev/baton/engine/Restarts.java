package dev.baton.engine;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.RestartPolicy;
import dev.baton.engine.model.StepPhase;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which steps a restart runs again. FromBeginning: all of them. FromIncomplete: every step that did not
 * succeed (Succeeded steps keep their outputs for the steps after them). FromStep: the step and all its
 * descendants; the others keep their results.
 */
public final class Restarts {
    private Restarts() {
    }

    public static Map<String, StepState> restart(Definition definition, Map<String, StepState> steps, RestartPolicy policy,
                                                 String fromStep) {
        Graph graph = definition.steps();
        Set<String> rerun = new HashSet<>();
        for (String name : graph.order()) {
            StepState s = steps.get(name);
            boolean again = switch (policy) {
                case FromBeginning -> true;
                case FromIncomplete -> s == null || s.phase() != StepPhase.Succeeded;
                case FromStep -> name.equals(fromStep) || graph.ancestors(name).contains(fromStep);
            };
            if (again) {
                rerun.add(name);
            }
        }
        Map<String, StepState> out = new LinkedHashMap<>();
        for (String name : graph.order()) {
            StepState s = steps.getOrDefault(name, StepState.pending(name));
            out.put(name, rerun.contains(name) ? s.reset() : s);
        }
        return out;
    }

    /** A FromStep restart names a step of the workflow; the error names the field otherwise. */
    public static String check(Definition definition, RestartPolicy policy, String fromStep) {
        if (policy == RestartPolicy.FromStep && definition.step(fromStep) == null) {
            return "spec.restart.step: unknown step \"" + fromStep + "\"";
        }
        return null;
    }
}
