package dev.baton.engine;

import dev.baton.api.Step;
import dev.baton.api.StepKind;
import dev.baton.engine.loops.ForeachPlanner.ChildObservation;
import dev.baton.engine.loops.NestedCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaf steps by phase across the whole tree under an instance, as Maestro's rollup counts them: a leaf
 * step counts itself; a loop counts the leaves of its folded iterations (kept in its state, since their
 * instances are deleted) plus those of its live children, whose own counts already cover their nested
 * loops; a subworkflow counts its child's.
 *
 * @param total  every leaf step under the instance, by phase
 * @param bySteps the counts of each loop and subworkflow step that has any
 */
public record Rollup(NestedCounts total, Map<String, NestedCounts> bySteps) {

    static Rollup of(Graph graph, List<StepState> states, Map<String, List<ChildObservation>> children) {
        NestedCounts total = NestedCounts.EMPTY;
        Map<String, NestedCounts> bySteps = new LinkedHashMap<>();
        for (StepState s : states) {
            Step step = graph.step(s.name());
            List<ChildObservation> mine = children.getOrDefault(s.name(), List.of());
            NestedCounts counts = switch (step.kind()) {
                case foreach -> s.loop() == null ? NestedCounts.EMPTY : s.loop().foldedLeaves().plus(sum(mine.stream()
                        .filter(c -> s.loop().unfinished().contains(c.index())).toList()));
                case whileLoop -> s.whileState() == null ? NestedCounts.EMPTY : s.whileState().foldedLeaves().plus(sum(mine.stream()
                        .filter(c -> c.index() == s.whileState().iteration()).toList()));
                case subworkflow -> sum(mine);
                default -> NestedCounts.of(s.phase().name(), 1);
            };
            if (isNesting(step.kind()) && !counts.byPhase().isEmpty()) {
                bySteps.put(s.name(), counts);
            }
            total = total.plus(counts);
        }
        return new Rollup(total, bySteps);
    }

    private static boolean isNesting(StepKind kind) {
        return kind == StepKind.foreach || kind == StepKind.whileLoop || kind == StepKind.subworkflow;
    }

    private static NestedCounts sum(List<ChildObservation> children) {
        NestedCounts sum = NestedCounts.EMPTY;
        for (ChildObservation c : children) {
            sum = sum.plus(c.leaves());
        }
        return sum;
    }
}
