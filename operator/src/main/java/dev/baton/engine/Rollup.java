package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner.ChildObservation;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.Graph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaf steps by phase across the whole tree under an instance, as Maestro's rollup counts them: a leaf
 * step counts itself; a loop counts the leaves of its folded iterations (kept in its state, since their
 * instances are deleted) plus those of its live children, whose own counts already cover their nested
 * loops; a subworkflow counts its child's. Each runner says how its kind counts.
 *
 * @param total  every leaf step under the instance, by phase
 * @param bySteps the counts of each loop and subworkflow step that has any
 */
public record Rollup(NestedCounts total, Map<String, NestedCounts> bySteps) {

    static Rollup of(Graph graph, List<StepState> states, Map<String, List<ChildObservation>> children, StepRunners runners) {
        NestedCounts total = NestedCounts.EMPTY;
        Map<String, NestedCounts> bySteps = new LinkedHashMap<>();
        for (StepState s : states) {
            StepRunner runner = runners.of(graph.step(s.name()).kind());
            NestedCounts counts = runner.leaves(s, children.getOrDefault(s.name(), List.of()));
            if (runner.nests() && !counts.byPhase().isEmpty()) {
                bySteps.put(s.name(), counts);
            }
            total = total.plus(counts);
        }
        return new Rollup(total, bySteps);
    }
}
