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
        rerun.addAll(definition.exitHooks().keySet()); // a new run ends again, and its hooks run after it
        return reset(graph, steps, rerun);
    }

    /** Every step of the graph, those in {@code rerun} reset for a new run and the others as they are. */
    private static Map<String, StepState> reset(Graph graph, Map<String, StepState> steps, Set<String> rerun) {
        Map<String, StepState> out = new LinkedHashMap<>();
        for (String name : graph.order()) {
            StepState s = steps.getOrDefault(name, StepState.pending(name));
            out.put(name, rerun.contains(name) ? s.reset() : s);
        }
        return out;
    }

    /**
     * The step actions asked of an ended instance: Restart of one of its ended steps (with its descendants
     * when asked) starts a new run with those steps reset and the others' results kept; nothing else acts on
     * an ended run, and each other request is refused saying so.
     *
     * @param steps the steps for the new run, or null when no restart was served
     */
    public record OnEnded(Map<String, StepState> steps, java.util.List<Plan.ActionTaken> taken) {
    }

    public static OnEnded onEnded(Definition definition, Map<String, StepState> steps, java.util.List<StepRequest> requests) {
        Graph graph = definition.steps();
        Set<String> rerun = new HashSet<>();
        java.util.List<Plan.ActionTaken> taken = new java.util.ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (StepRequest r : requests) {
            String path = r.path() == null ? "" : r.path();
            StepState s = steps.get(path);
            String refusal = !ids.add(r.id()) ? "another action has the id " + r.id()
                    : r.kind() != StepRequest.Kind.Restart ? "the instance has ended: only Restart of one of its steps acts on it"
                    : graph.step(path) == null ? "path " + path + ": the instance has ended, and only its own steps are"
                            + " restarted (steps: " + String.join(", ", graph.order()) + ")"
                    : s == null || !s.phase().terminal() ? "step " + path + " did not run in this instance's run" : null;
            if (refusal != null) {
                taken.add(new Plan.ActionTaken(r, Plan.ActionTaken.Outcome.Refused, refusal));
                continue;
            }
            rerun.add(path);
            if (r.descendants()) {
                rerun.addAll(graph.descendants(path));
            }
            taken.add(new Plan.ActionTaken(r, Plan.ActionTaken.Outcome.Done, "step " + path + " restarted in a new run"
                    + (r.descendants() ? " with the steps after it" : "")));
        }
        if (!rerun.isEmpty()) {
            rerun.addAll(definition.exitHooks().keySet()); // a new run ends again, and its hooks run after it
        }
        return new OnEnded(rerun.isEmpty() ? null : reset(graph, steps, rerun), taken);
    }

    /** A FromStep restart names a step of the workflow; the error names the field otherwise. */
    public static String check(Definition definition, RestartPolicy policy, String fromStep) {
        if (policy == RestartPolicy.FromStep && definition.step(fromStep) == null) {
            return "spec.restart.step: unknown step \"" + fromStep + "\"";
        }
        return null;
    }
}
