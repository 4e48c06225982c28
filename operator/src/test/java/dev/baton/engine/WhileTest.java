package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** while steps inside a run: Maestro's carry-over, one iteration at a time, bounded objects. */
class WhileTest {
    private static final String LOOP = """
            steps:
              - name: poll
                while:
                  condition: "i <= 5"
                  params: {i: 1}
                  maxIterations: MAX
                  steps:
                    - {name: next, params: {i: "${i + 1}"}, noop: {}}
              - {name: after, dependsOn: [poll], params: {last: "${steps.poll.outputs.i}"}, noop: {}}
            """;

    @Test
    void maestrosExampleRunsFiveIterationsCarryingTheBodysParam() {
        RunSimulator run = new RunSimulator(LOOP.replace("MAX", "100"), Map.of());
        run.childBody = c -> Map.of("i", ((Number) c.loopParams().get("i")).longValue() + 1);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.createdChildren).extracting(c -> c.loopParams().get("i")).containsExactly(1, 2L, 3L, 4L, 5L);
        assertThat(run.createdChildren).extracting(Plan.Child::index).containsExactly(0L, 1L, 2L, 3L, 4L);
        // Step states as status stores them: JSON reads small numbers back as ints.
        assertThat(run.step("poll").outputs()).containsEntry("i", 6);
        assertThat(run.step("poll").whileState().iteration()).isEqualTo(5);
        assertThat(run.step("after").params()).containsEntry("last", 6);
        assertThat(run.children.get("poll")).as("earlier iterations are deleted").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aConditionStillTrueAfterMaxIterationsFailsTheStep() {
        RunSimulator run = new RunSimulator(LOOP.replace("MAX", "3"), Map.of());
        run.childBody = c -> Map.of("i", 1);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("poll").message()).startsWith("while.maxIterations");
        assertThat(run.createdChildren).hasSize(3);
    }

    @Test
    void aFailedIterationFailsTheLoop() {
        RunSimulator run = new RunSimulator(LOOP.replace("MAX", "100"), Map.of());
        run.childOutcome = c -> c.index() == 1 ? ForeachPlanner.ChildPhase.Failed : ForeachPlanner.ChildPhase.Succeeded;
        run.childBody = c -> Map.of("i", ((Number) c.loopParams().get("i")).longValue() + 1);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("poll").phase()).isEqualTo(StepPhase.Failed);
        assertThat(run.step("poll").message()).contains("iteration 1");
    }

    @Test
    void aFalseConditionAtFirstRunsNoIteration() {
        RunSimulator run = new RunSimulator(LOOP.replace("MAX", "100").replace("params: {i: 1}", "params: {i: 9}"), Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.createdChildren).isEmpty();
    }

    @Test
    void theCompilerChecksTheConditionAndBodyWithTheLoopParamsInScope() {
        assertThat(Specs.errors(LOOP.replace("MAX", "10"))).isEmpty();
        List<FieldError> errors = Specs.errors(LOOP.replace("MAX", "10").replace("i <= 5", "j <= 5"));
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].while.condition"));
    }
}
