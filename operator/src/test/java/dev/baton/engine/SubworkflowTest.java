package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** subworkflow steps: one child instance of another workflow; sync waits and fails with it. */
class SubworkflowTest {
    private static final String SPEC = """
            params: {date: {type: string}}
            steps:
              - name: publish
                subworkflow: {workflow: publisher, params: {day: "${params.date}"}, inheritParams: true, sync: SYNC}
              - {name: after, dependsOn: [publish], params: {url: "${steps.publish.outputs.url}"}, noop: {}}
            """;

    @Test
    void aSyncSubworkflowWaitsAndHandsOnItsOutputs() {
        RunSimulator run = new RunSimulator(SPEC.replace("SYNC", "true"), Map.of("date", "2026-11-24"));
        run.childBody = c -> Map.of("url", "s3://reports/2026-11-24");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        Plan.Child child = run.createdChildren.get(0);
        assertThat(child.subworkflow().workflow()).isEqualTo("publisher");
        assertThat(child.subworkflow().params()).containsEntry("day", "2026-11-24");
        assertThat(child.subworkflow().inherited()).containsEntry("date", "2026-11-24");
        assertThat(run.step("publish").outputs()).containsEntry("url", "s3://reports/2026-11-24");
        assertThat(run.step("after").params()).containsEntry("url", "s3://reports/2026-11-24");
    }

    @Test
    void aSyncSubworkflowFailsWithItsChild() {
        RunSimulator run = new RunSimulator(SPEC.replace("SYNC", "true"), Map.of("date", "x"));
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Failed;
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("publish").message()).contains("publisher", "Failed");
        assertThat(run.step("after").phase()).isEqualTo(StepPhase.Skipped);
    }

    @Test
    void anAsyncSubworkflowSucceedsOnceStarted() {
        RunSimulator run = new RunSimulator(SPEC.replace("SYNC", "false").replace("params: {url: \"${steps.publish.outputs.url}\"}, ", ""),
                Map.of("date", "x"));
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Running;
        run.tick();
        assertThat(run.step("publish").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.createdChildren).hasSize(1);
    }

    @Test
    void aSubworkflowPastTheNestingLimitFailsInsteadOfStartingAnotherLevel() {
        RunSimulator run = new RunSimulator("steps: [{name: call, subworkflow: {workflow: again}}]", Map.of());
        run.depth = SubworkflowRunner.MAX_DEPTH;
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.createdChildren).isEmpty();
        assertThat(run.step("call").message()).contains("past the limit of " + SubworkflowRunner.MAX_DEPTH);
        run = new RunSimulator("steps: [{name: call, subworkflow: {workflow: again}}]", Map.of());
        run.depth = SubworkflowRunner.MAX_DEPTH - 1;
        run.tick();
        assertThat(run.createdChildren).hasSize(1);
    }
}
