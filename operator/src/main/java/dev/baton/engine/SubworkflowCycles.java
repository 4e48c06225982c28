package dev.baton.engine;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Workflows that start themselves through subworkflow steps, directly (A → A) or through others
 * (A → B → A): every run of one would create instances without end. Found from the definitions the
 * operator knows; a workflow edited later into such a cycle is stopped at run time by the nesting limit.
 */
public final class SubworkflowCycles {
    private SubworkflowCycles() {
    }

    /** A cycle through {@code workflow}: the step of its own that starts it, and the names along the way. */
    public record Cycle(Step step, List<String> path) {
        public String describe() {
            return "starts a chain of subworkflows that comes back to itself: " + String.join(" → ", path)
                    + " (every run would create instances without end)";
        }
    }

    /**
     * The first cycle back to {@code workflow} through its subworkflow steps (loop bodies included), if any.
     * {@code definitions} gives the valid definition of another workflow of the namespace, or null.
     */
    public static Optional<Cycle> through(String workflow, Definition definition, Function<String, Definition> definitions) {
        for (Step step : subworkflowSteps(definition.steps())) {
            List<String> path = new ArrayList<>(List.of(workflow));
            if (reaches(step.subworkflow().workflow(), workflow, definitions, path, new HashSet<>())) {
                return Optional.of(new Cycle(step, path));
            }
        }
        return Optional.empty();
    }

    private static boolean reaches(String from, String target, Function<String, Definition> definitions, List<String> path,
                                   Set<String> seen) {
        path.add(from);
        if (from.equals(target)) {
            return true;
        }
        Definition next = seen.add(from) ? definitions.apply(from) : null;
        if (next != null) {
            for (Step step : subworkflowSteps(next.steps())) {
                if (reaches(step.subworkflow().workflow(), target, definitions, path, seen)) {
                    return true;
                }
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    /** The subworkflow steps of a graph and of every loop body in it. */
    private static List<Step> subworkflowSteps(Graph graph) {
        List<Step> out = new ArrayList<>();
        for (Step step : graph.steps()) {
            if (step.action() instanceof StepAction.Subworkflow) {
                out.add(step);
            } else if (step.body() != null) {
                out.addAll(subworkflowSteps(step.body()));
            }
        }
        return out;
    }
}
