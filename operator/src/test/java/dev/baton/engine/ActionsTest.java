package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.RestartPolicy;
import dev.baton.engine.model.StepPhase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What users do to a run: suspend and resume, stop and kill, breakpoints, concurrency limits, restarts. */
class ActionsTest {
    private static final String CHAIN = """
            steps:
              - {name: a, bash: {script: x}}
              - {name: b, dependsOn: [a], bash: {script: x}}
              - {name: c, dependsOn: [b], bash: {script: x}}
            """;

    @Test
    void suspendLetsRunningStepsFinishAndStartsNothingUntilResumed() {
        RunSimulator run = new RunSimulator(CHAIN, Map.of());
        run.tick(); // a launched; it ends in the fake cluster
        run.controls = new Controls(true, Controls.Stop.None, null, Set.of());
        Plan paused = run.tick();
        assertThat(paused.phase()).isEqualTo(InstancePhase.Paused);
        assertThat(paused.launches()).isEmpty();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Pending);
        assertThat(run.step("b").message()).contains("suspended");
        run.tick();
        assertThat(run.launched).hasSize(1);
        run.controls = Controls.NONE;
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
    }

    @ParameterizedTest
    @CsvSource({"Stop,Stopped", "Kill,Failed"})
    void stopAndKillEndTheRunAndDeleteRunningPods(Controls.Stop stop, InstancePhase phase) {
        RunSimulator run = new RunSimulator(CHAIN, Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        run.tick();
        run.controls = new Controls(false, stop, null, Set.of());
        Plan plan = run.tick();
        assertThat(plan.phase()).isEqualTo(phase);
        assertThat(plan.kills()).extracting(Plan.Kill::step).containsExactly("a");
        assertThat(phases(run)).isEqualTo("a=Stopped b=Stopped c=Stopped");
        assertThat(plan.message()).contains("spec.stop is " + stop);
    }

    @Test
    void aBreakpointHoldsTheStepUntilItIsResumed() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, dependsOn: [a], breakpoint: true, bash: {script: x}}
                """, Map.of());
        run.tick();
        Plan held = run.tick();
        assertThat(held.phase()).isEqualTo(InstancePhase.Paused);
        assertThat(run.step("b").message()).contains("breakpoint", "spec.resumeSteps");
        run.controls = new Controls(false, Controls.Stop.None, null, Set.of("b"));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void theLaunchBudgetCapsNewLeafSteps() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: a, bash: {script: x}}, {name: b, bash: {script: x}}, {name: c, bash: {script: x}}, {name: n, noop: {}}]
                """, Map.of());
        run.budget = 2;
        Plan first = run.tick();
        assertThat(first.launches()).extracting(Plan.Launch::step).containsExactly("a", "b");
        assertThat(run.step("c").message()).contains("stepConcurrency");
        assertThat(run.step("n").phase()).as("noop creates no pod").isEqualTo(StepPhase.Succeeded);
        assertThat(first.phase()).isEqualTo(InstancePhase.Running);
        assertThat(first.wakeAt()).as("other instances free the budget without an event here").isNotNull();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', value = {
            "FromBeginning  |   | a=Pending b=Pending c=Pending d=Pending",
            "FromIncomplete |   | a=Succeeded b=Pending c=Succeeded d=Succeeded",
            "FromStep       | a | a=Pending b=Pending c=Pending d=Pending",
            "FromStep       | c | a=Succeeded b=Failed c=Pending d=Pending",
    })
    void restartPoliciesChooseWhatRunsAgain(RestartPolicy policy, String from, String expected) {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, dependsOn: [a], retry: {errors: 0}, bash: {script: x}}
                  - {name: c, dependsOn: [a], bash: {script: x}}
                  - {name: d, dependsOn: [c, b], bash: {script: x}}
                """, Map.of());
        run.outcome = l -> l.step().equals("b") ? run.ended(l, AttemptOutcome.UserError, 1, null) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        Map<String, StepState> restarted = Restarts.restart(run.spec, run.steps, policy, from);
        assertThat(restarted.values().stream().map(s -> s.name() + "=" + s.phase()).collect(Collectors.joining(" "))).isEqualTo(expected);
        if (policy == RestartPolicy.FromIncomplete) {
            assertThat(restarted.get("a").outputs()).isEqualTo(run.step("a").outputs());
        }
    }

    @Test
    void aRestartedRunGetsNewAttemptNumbersSoNamesNeverClash() {
        RunSimulator run = new RunSimulator("steps: [{name: a, retry: {errors: 0}, bash: {script: x}}]", Map.of());
        run.outcome = l -> l.attempt() == 1 ? run.ended(l, AttemptOutcome.UserError, 1, null) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        run.steps = new LinkedHashMap<>(Restarts.restart(run.spec, run.steps, RestartPolicy.FromIncomplete, null));
        assertThat(run.runToEnd().phase()).as("attempt 1's failure belongs to the earlier run").isEqualTo(InstancePhase.Succeeded);
        assertThat(run.launched).extracting(Plan.Launch::attempt).containsExactly(1, 2);
        assertThat(run.step("a").attempts()).extracting(Attempt::number).containsExactly(2);
    }

    @Test
    void aFromStepRestartMustNameAStep() {
        var spec = Specs.parse(CHAIN);
        assertThat(Restarts.check(spec, RestartPolicy.FromStep, "zz")).isEqualTo("spec.restart.step: unknown step \"zz\"");
        assertThat(Restarts.check(spec, RestartPolicy.FromStep, "b")).isNull();
    }

    private static String phases(RunSimulator run) {
        return run.steps.values().stream().map(s -> s.name() + "=" + s.phase()).collect(Collectors.joining(" "));
    }
}
