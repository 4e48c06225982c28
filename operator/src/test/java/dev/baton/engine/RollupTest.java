package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.loops.ForeachPlanner.ChildPhase;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.InstancePhase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leaf-step counts by phase across nesting levels, as Maestro's rollup: kept when iterations are deleted. */
class RollupTest {
    /** Each iteration's body is a 6-step diamond: one running step and five pending while it runs. */
    private static NestedCounts diamond(long index, ChildPhase phase) {
        return switch (phase) {
            case Running -> NestedCounts.of("Running", 1).plus(NestedCounts.of("Pending", 5));
            case Succeeded -> NestedCounts.of("Succeeded", 6);
            case Failed -> NestedCounts.of("Succeeded", 5).plus(NestedCounts.of("Failed", 1));
            default -> NestedCounts.of(phase.name(), 6);
        };
    }

    @Test
    void aForeachCountsItsLiveIterationsLeavesAndKeepsThoseOfDeletedOnes() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: list, noop: {}}
                  - name: days
                    dependsOn: [list]
                    foreach:
                      params: {day: [1, 2, 3, 4, 5, 6, 7, 8, 9]}
                      concurrency: 2
                      retention: 0
                      steps: [{name: body, noop: {}}]
                  - {name: after, dependsOn: [days], noop: {}}
                """, Map.of());
        run.childLeaves = RollupTest::diamond;
        run.childOutcome = c -> ChildPhase.Running;
        run.tick();
        Plan plan = run.tick();
        // list done; 2 iterations running (1 running + 5 pending leaves each); after pending.
        assertThat(plan.rollup().bySteps().get("days").byPhase()).containsExactlyInAnyOrderEntriesOf(
                Map.of("Running", 2L, "Pending", 10L));
        assertThat(plan.rollup().total().byPhase()).containsExactlyInAnyOrderEntriesOf(
                Map.of("Succeeded", 1L, "Running", 2L, "Pending", 11L));

        run.childOutcome = c -> c.index() == 4 ? ChildPhase.Failed : ChildPhase.Succeeded;
        run.children.get("days").replaceAll((i, p) -> ChildPhase.Succeeded);
        plan = run.runToEnd();
        assertThat(plan.phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.children.get("days")).as("retention 0: every folded iteration is deleted").isEmpty();
        // Iterations that never started add nothing; the folded ones are all still counted.
        NestedCounts days = plan.rollup().bySteps().get("days");
        assertThat(days.get("Failed")).isEqualTo(1);
        assertThat(days.total()).isEqualTo(6 * (run.step("days").loop().done()));
        assertThat(plan.rollup().total().get("Skipped")).as("after").isEqualTo(1);
    }

    @Test
    void nestedLoopsAddUpLevelByLevel() {
        // The outer loop's iterations are inner foreach instances whose own leaves roll up: 3 × 6.
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: outer
                    foreach:
                      params: {x: [1, 2]}
                      retention: 0
                      steps:
                        - name: inner
                          foreach:
                            params: {y: [1, 2, 3]}
                            steps: [{name: body, noop: {}}]
                """, Map.of());
        run.childLeaves = (i, phase) -> phase == ChildPhase.Succeeded ? NestedCounts.of("Succeeded", 18) : NestedCounts.of("Running", 3);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.last.rollup().total().byPhase()).containsExactlyEntriesOf(Map.of("Succeeded", 36L));
        assertThat(run.step("outer").loop().foldedLeaves().byPhase()).containsExactlyEntriesOf(Map.of("Succeeded", 36L));
    }

    @Test
    void aWhileLoopKeepsTheLeavesOfIterationsItDeleted() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: poll
                    while:
                      condition: "i <= 5"
                      params: {i: 1}
                      steps:
                        - {name: next, params: {i: "${i + 1}"}, noop: {}}
                """, Map.of());
        run.childBody = c -> Map.of("i", ((Number) c.loopParams().get("i")).longValue() + 1);
        run.childLeaves = (i, phase) -> NestedCounts.of(phase.name(), 2);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.children.get("poll")).isEmpty();
        assertThat(run.last.rollup().bySteps().get("poll").byPhase()).containsExactlyEntriesOf(Map.of("Succeeded", 10L));
    }

    @Test
    void leafStepsCountThemselves() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, noop: {}}
                  - {name: b, dependsOn: [a], bash: {script: "true"}}
                  - {name: c, dependsOn: [b], noop: {}}
                """, Map.of());
        assertThat(run.tick().rollup().total().byPhase()).containsExactlyInAnyOrderEntriesOf(
                Map.of("Succeeded", 1L, "Running", 1L, "Pending", 1L));
        assertThat(run.last.rollup().bySteps()).isEmpty();
    }
}
