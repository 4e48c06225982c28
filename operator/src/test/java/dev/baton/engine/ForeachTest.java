package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** foreach steps inside a run: iterations from params and outputs, windows, failure, halting. */
@SuppressWarnings("unchecked")
class ForeachTest {
    private static final String LOOP = """
            params: {regions: {type: stringArray}}
            steps:
              - {name: list, noop: {}}
              - name: per-region
                dependsOn: [list]
                onFailure: ON_FAILURE
                foreach:
                  params: {region: "${params.regions}", hour: [0, 12]}
                  concurrency: 2
                  steps:
                    - {name: work, bash: {script: "echo $region"}}
              - {name: after, dependsOn: [per-region], noop: {}}
            """;

    @Test
    void iteratesTheCartesianProductWithinTheWindow() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailAfterRunning"), Map.of("regions", List.of("us", "eu")));
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Running;
        run.tick();
        assertThat(run.createdChildren).extracting(Plan.Child::loopParams).containsExactly(
                Map.of("region", "us", "hour", 0, "iteration", 0L), Map.of("region", "us", "hour", 12, "iteration", 1L));
        assertThat(run.step("per-region").loop().total()).isEqualTo(4);
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Succeeded;
        run.children.get("per-region").replaceAll((i, p) -> ForeachPlanner.ChildPhase.Succeeded);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.createdChildren).hasSize(4);
        assertThat(run.step("per-region").loop().succeeded()).isEqualTo(4);
        assertThat(run.step("after").phase()).isEqualTo(StepPhase.Succeeded);
    }

    @Test
    void aFailedIterationFailsTheLoopAfterRunningOnes() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailAfterRunning"), Map.of("regions", List.of("us", "eu")));
        run.childOutcome = c -> c.index() == 1 ? ForeachPlanner.ChildPhase.Failed : ForeachPlanner.ChildPhase.Succeeded;
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("per-region").phase()).isEqualTo(StepPhase.Failed);
        assertThat(run.step("after").phase()).isEqualTo(StepPhase.Skipped);
        assertThat(run.createdChildren).hasSizeLessThan(4);
    }

    @Test
    void ignoreCompletesWithErrorAndGoesOn() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "Ignore"), Map.of("regions", List.of("us", "eu")));
        run.childOutcome = c -> c.index() == 1 ? ForeachPlanner.ChildPhase.Failed : ForeachPlanner.ChildPhase.Succeeded;
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("per-region").phase()).isEqualTo(StepPhase.CompletedWithError);
        assertThat(run.step("after").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.createdChildren).hasSize(4);
    }

    /** Found by PlannerPropertiesTest: the stops were decided, then dropped when the planner planned the failure again. */
    @Test
    void aLoopThatFailsFastStopsItsRunningIterations() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailImmediately"), Map.of("regions", List.of("us", "eu")));
        run.childOutcome = c -> c.index() == 0 ? ForeachPlanner.ChildPhase.Failed : ForeachPlanner.ChildPhase.Running;
        run.tick();
        Plan plan = run.tick();
        assertThat(plan.phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("per-region").phase()).isEqualTo(StepPhase.Failed);
        assertThat(plan.children()).extracting(Plan.Child::action, Plan.Child::index)
                .contains(org.assertj.core.groups.Tuple.tuple(Plan.Child.Action.Stop, 1L));
        assertThat(run.children.get("per-region")).containsEntry(1L, ForeachPlanner.ChildPhase.Stopped);
    }

    @Test
    void stoppingTheInstanceStopsUnfinishedIterations() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailAfterRunning"), Map.of("regions", List.of("us", "eu")));
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Running;
        run.tick();
        run.controls = new Controls(false, Controls.Stop.Stop, null, java.util.Set.of());
        Plan plan = run.tick();
        assertThat(plan.children()).extracting(Plan.Child::action, Plan.Child::index).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Plan.Child.Action.Stop, 0L), org.assertj.core.groups.Tuple.tuple(Plan.Child.Action.Stop, 1L));
        assertThat(plan.phase()).isEqualTo(InstancePhase.Stopped);
    }

    @Test
    void collectGathersEachIterationsValueOnceByIndex() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailAfterRunning")
                .replace("concurrency: 2", "concurrency: 2\n      collect: [rows]"), Map.of("regions", List.of("us", "eu")));
        run.childBody = c -> Map.of("rows", c.index() * 10, "other", 1);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("per-region").outputs()).containsOnlyKeys("rows");
        assertThat((Map<String, Object>) run.step("per-region").outputs().get("rows"))
                .as("as status stores them").containsExactlyInAnyOrderEntriesOf(Map.of("0", 0, "1", 10, "2", 20, "3", 30));
    }

    @Test
    void collectedOutputsPastTheBoundFailTheStep() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailAfterRunning")
                .replace("concurrency: 2", "concurrency: 2\n      collect: [blob]"), Map.of("regions", List.of("us", "eu")));
        run.childBody = c -> Map.of("blob", "x".repeat(30_000));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("per-region").message()).startsWith("foreach.collect");
    }

    @Test
    void loopVariablesAreTopLevelNamesInTheBody() {
        RunSimulator run = new RunSimulator(Specs.parse("""
                steps:
                  - name: loop
                    foreach:
                      params: {region: [eu]}
                      steps:
                        - name: s
                          params: {target: "${region}-${iteration}"}
                          container: {image: busybox, args: ["${region}"]}
                """).body(List.of("loop")), Map.of());
        run.loopParams = Map.of("region", "eu", "iteration", 3L);
        run.runToEnd();
        assertThat(run.launched.get(0).params()).containsEntry("target", "eu-3");
        assertThat(run.launched.get(0).args()).containsExactly("eu");
    }

    @Test
    void aNonListLoopVariableFailsTheStepWithTheField() {
        RunSimulator run = new RunSimulator(LOOP.replace("ON_FAILURE", "FailAfterRunning"), Map.of("regions", "us"));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("per-region").message()).contains("foreach.params.region");
    }
}
