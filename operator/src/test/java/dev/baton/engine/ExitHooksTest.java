package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.RestartPolicy;
import dev.baton.engine.model.StepPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exit hooks (spec.onExit) as a specification: which run after which outcome, what they read, what their
 * failure does, and how Stop, Kill, the timeout and restarts treat them.
 */
class ExitHooksTest {
    /** A graph whose step {@code work} fails when params.fail is true, and one hook of each kind of when. */
    private static final String HOOKED = """
            params: {fail: {type: boolean, default: false}}
            steps:
              - {name: work, retry: {errors: 0}, bash: {script: x}}
              - {name: after, dependsOn: [work], bash: {script: x}}
            onExit:
              - name: on-success
                when: Succeeded
                bash: {script: x}
              - name: on-failure
                when: Failed
                params: {phase: "${instance.phase}", failed: "${instance.failedSteps}"}
                bash: {script: x}
              - name: always
                params: {phase: "${instance.phase}", first: "${size(instance.failedSteps) > 0 ? instance.failedSteps[0] : 'none'}",
                         work: "${steps.work.phase}"}
                bash: {script: x}
            """;

    private static RunSimulator hooked(boolean fail) {
        RunSimulator run = new RunSimulator(HOOKED, Map.of("fail", fail));
        run.outcome = l -> l.step().equals("work") && fail ? run.ended(l, AttemptOutcome.UserError, 1, null)
                : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        return run;
    }

    @ParameterizedTest(name = "graph fails: {0}")
    @CsvSource(delimiter = '|', value = {
            "false | Succeeded | work=Succeeded after=Succeeded on-success=Succeeded on-failure=Skipped always=Succeeded | none",
            "true  | Failed    | work=Failed after=Skipped on-success=Skipped on-failure=Succeeded always=Succeeded    | work",
    })
    void theHooksWhoseWhenMatchesTheGraphsOutcomeRunAfterIt(boolean fail, InstancePhase outcome, String phases, String first) {
        RunSimulator run = hooked(fail);
        assertThat(run.runToEnd().phase()).isEqualTo(outcome);
        assertThat(phases(run)).isEqualTo(phases);
        Plan.Launch always = launch(run, "always");
        assertThat(always.params()).containsEntry("phase", outcome.name()).containsEntry("first", first)
                .containsEntry("work", fail ? "Failed" : "Succeeded");
        assertThat(run.launched.indexOf(always)).as("after every step of the graph")
                .isGreaterThan(run.launched.indexOf(launch(run, fail ? "work" : "after")));
        assertThat(run.step(fail ? "on-success" : "on-failure").message()).contains("the graph ended " + outcome);
    }

    @Test
    void aHookReadsTheFailedStepsAsAList() {
        RunSimulator run = hooked(true);
        run.runToEnd();
        assertThat(launch(run, "on-failure").params()).containsEntry("phase", "Failed").containsEntry("failed", List.of("work"));
    }

    @Test
    void theInstanceStaysRunningWhileHooksRunAndSaysSo() {
        RunSimulator run = hooked(false);
        run.outcome = l -> l.step().equals("always") ? Attempt.launched(l.attempt(), run.now) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        for (int i = 0; i < 10; i++) {
            run.tick();
        }
        assertThat(run.last.phase()).as("the hook holds the instance (and its run slot)").isEqualTo(InstancePhase.Running);
        assertThat(run.last.message()).isEqualTo("running exit hooks: always");
        assertThat(run.events).filteredOn(e -> e.reason() == EventReason.ExitHooksStarted).extracting(Plan.PlanEvent::message)
                .containsExactly("the graph ended Succeeded: running exit hooks on-success, always");
        succeed(run, "always");
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Succeeded);
    }

    @ParameterizedTest(name = "graph fails: {0}, failInstance: {1}")
    @CsvSource({"false,false,Succeeded", "false,true,Failed", "true,false,Failed", "true,true,Failed"})
    void aFailingHookFailsTheInstanceOnlyWithFailInstance(boolean graphFails, boolean failInstance, InstancePhase expected) {
        RunSimulator run = new RunSimulator("""
                steps: [{name: work, retry: {errors: 0}, bash: {script: x}}]
                onExit: [{name: notify, failInstance: %s, retry: {errors: 0}, bash: {script: x}}]
                """.formatted(failInstance), Map.of());
        run.outcome = l -> l.step().equals("notify") || graphFails ? run.ended(l, AttemptOutcome.UserError, 1, null)
                : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        Plan end = run.runToEnd();
        assertThat(end.phase()).isEqualTo(expected);
        assertThat(run.step("notify").phase()).isEqualTo(StepPhase.Failed);
        assertThat(end.message()).contains("exit hook notify failed");
    }

    @Test
    void hooksMayDependOnOtherHooksAndFollowTheGraphRules() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: work, noop: {}}]
                onExit:
                  - {name: cleanup, bash: {script: x}}
                  - {name: report, dependsOn: [cleanup], params: {c: "${steps.cleanup.phase}"}, bash: {script: x}}
                  - {name: page, when: Failed, noop: {}}
                  - {name: after-page, dependsOn: [page], noop: {}}
                """, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(phases(run)).isEqualTo("work=Succeeded cleanup=Succeeded report=Succeeded page=Skipped after-page=Skipped");
        assertThat(launch(run, "report").params()).containsEntry("c", "Succeeded");
    }

    @Test
    void stopHaltsTheGraphAndRunsTheHooksForAFailure() {
        RunSimulator run = hooked(false);
        run.outcome = l -> l.step().equals("work") ? Attempt.launched(l.attempt(), run.now) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        run.tick();
        run.controls = new Controls(false, Controls.Stop.Stop, null, Set.of());
        Plan stopped = run.tick();
        assertThat(stopped.kills()).extracting(Plan.Kill::step).containsExactly("work");
        assertThat(stopped.phase()).as("the hooks run").isEqualTo(InstancePhase.Running);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Stopped);
        assertThat(phases(run)).isEqualTo("work=Stopped after=Stopped on-success=Skipped on-failure=Succeeded always=Succeeded");
        assertThat(launch(run, "always").params()).containsEntry("phase", "Stopped");
    }

    @Test
    void aFailImmediatelyStartsTheHooksInTheSamePass() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: bad, retry: {errors: 0}, onFailure: FailImmediately, bash: {script: x}}
                  - {name: slow, bash: {script: x}}
                onExit: [{name: page, when: Failed, params: {failed: "${instance.failedSteps}"}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> l.step().equals("bad") ? run.ended(l, AttemptOutcome.UserError, 1, null)
                : l.step().equals("slow") ? Attempt.launched(l.attempt(), run.now) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        run.tick();
        Plan failed = run.tick();
        assertThat(failed.kills()).extracting(Plan.Kill::step).containsExactly("slow");
        assertThat(failed.launches()).extracting(Plan.Launch::step).containsExactly("page");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(launch(run, "page").params()).containsEntry("failed", List.of("bad"));
    }

    @Test
    void aStopWhileHooksRunLetsThemEndAndKeepsTheGraphsOutcome() {
        RunSimulator run = alwaysRunning();
        run.controls = new Controls(false, Controls.Stop.Stop, null, Set.of());
        Plan plan = run.tick();
        assertThat(plan.kills()).isEmpty();
        assertThat(plan.phase()).isEqualTo(InstancePhase.Running);
        succeed(run, "always");
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void killRunsNoHookAndStopsThoseThatRun() {
        RunSimulator before = hooked(false);
        before.outcome = l -> Attempt.launched(l.attempt(), before.now);
        before.tick();
        before.controls = new Controls(false, Controls.Stop.Kill, null, Set.of());
        assertThat(before.tick().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(phases(before)).isEqualTo("work=Stopped after=Stopped on-success=Skipped on-failure=Skipped always=Skipped");
        assertThat(before.step("always").message()).isEqualTo("not run: the instance was killed");

        RunSimulator during = alwaysRunning();
        during.controls = new Controls(false, Controls.Stop.Kill, null, Set.of());
        Plan killed = during.tick();
        assertThat(killed.phase()).isEqualTo(InstancePhase.Failed);
        assertThat(killed.kills()).extracting(Plan.Kill::step).containsExactly("always");
        assertThat(during.step("always").phase()).isEqualTo(StepPhase.Stopped);
    }

    @Test
    void anInstanceStoppedBeforeAnyStepStartedRunsNoHook() {
        RunSimulator run = hooked(false);
        run.controls = new Controls(false, Controls.Stop.Stop, null, Set.of()).stopped("FirstOnly: other-1 runs already");
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Stopped);
        assertThat(run.launched).isEmpty();
        assertThat(run.step("always").message()).isEqualTo("not run: the instance ended Stopped before any of its steps started");
    }

    @Test
    void theTimeoutBoundsTheGraphNotItsHooks() {
        RunSimulator run = new RunSimulator("""
                timeout: 1m
                steps: [{name: slow, bash: {script: x}}]
                onExit: [{name: report, when: Failed, params: {phase: "${instance.phase}"}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        run.tick();
        run.now = run.now.plusSeconds(61);
        Plan timedOut = run.tick();
        assertThat(timedOut.phase()).as("the hook runs past the timeout").isEqualTo(InstancePhase.Running);
        assertThat(launch(run, "report").params()).containsEntry("phase", "TimedOut");
        run.now = run.now.plusSeconds(600);
        assertThat(run.tick().kills()).isEmpty();
        succeed(run, "report");
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.TimedOut);
    }

    @ParameterizedTest
    @CsvSource({"FromBeginning,", "FromIncomplete,", "FromStep,after"})
    void aRestartRunsTheHooksAgainAfterTheNewRunWithNewAttempts(RestartPolicy policy, String from) {
        RunSimulator run = hooked(false);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        run.steps = new LinkedHashMap<>(Restarts.restart(run.spec, run.steps, policy, from));
        assertThat(run.step("always").phase()).isEqualTo(StepPhase.Pending);
        assertThat(run.step("on-failure").phase()).as("skipped hooks are decided again").isEqualTo(StepPhase.Pending);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.launched.stream().filter(l -> l.step().equals("always")).map(Plan.Launch::attempt))
                .as("a new object name for the new run").containsExactly(1, 2);
    }

    @Test
    void aStepRestartOfAnEndedInstanceRunsTheHooksAgain() {
        RunSimulator run = hooked(true);
        run.runToEnd();
        Restarts.OnEnded onEnded = Restarts.onEnded(run.spec, run.steps, List.of(new StepRequest("r1", StepRequest.Kind.Restart, "work", true)));
        assertThat(onEnded.steps().get("on-failure").phase()).isEqualTo(StepPhase.Pending);
        assertThat(onEnded.steps().get("on-success").phase()).isEqualTo(StepPhase.Pending);
    }

    @Test
    void whileHooksRunTheGraphsStepsAreNotRestartedAndHooksAreNotBypassed() {
        RunSimulator run = alwaysRunning();
        run.ask("r1", StepRequest.Kind.Restart, "work");
        run.tick();
        assertThat(run.outcomes()).containsExactly("r1 Refused: the graph has ended and its exit hooks run: restart step work"
                + " once the instance has ended");

        RunSimulator early = hooked(false);
        early.outcome = l -> Attempt.launched(l.attempt(), early.now);
        early.ask("b1", StepRequest.Kind.Bypass, "always");
        early.ask("s1", StepRequest.Kind.Skip, "on-success");
        early.tick();
        assertThat(early.outcomes()).containsExactlyInAnyOrder("b1 Refused: step always is an exit hook: it starts once the graph has ended",
                "s1 Done: step on-success skipped");
        assertThat(early.step("always").phase()).isEqualTo(StepPhase.Pending);
    }

    @Test
    void aHookMayBeALoopOrASubworkflow() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: work, noop: {}}]
                onExit:
                  - name: per-target
                    foreach:
                      params: {target: [a, b, c]}
                      steps: [{name: notify, bash: {script: "echo $target"}}]
                  - {name: report, subworkflow: {workflow: reporter, params: {phase: "${instance.phase}"}}}
                """, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("per-target").loop().succeeded()).isEqualTo(3);
        assertThat(run.createdChildren).filteredOn(c -> c.step().equals("report")).singleElement()
                .satisfies(c -> assertThat(c.subworkflow().params()).containsEntry("phase", "Succeeded"));
    }

    /** What a per-step failure hook would do is an edge already: after an ignored failure, on a condition. */
    @Test
    void aStepsFailureHandlerIsAStepAfterItWithACondition() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: load, retry: {errors: 0}, onFailure: Ignore, bash: {script: x}}
                  - {name: on-load-failure, dependsOn: [{step: load, when: "steps.load.phase == 'CompletedWithError'"}], noop: {}}
                """, Map.of());
        run.outcome = l -> run.ended(l, AttemptOutcome.UserError, 1, null);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(phases(run)).isEqualTo("load=CompletedWithError on-load-failure=Succeeded");
    }

    @Test
    void graphStepsSeeTheInstanceRunningWithTheStepsFailedSoFar() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, retry: {errors: 0}, onFailure: Ignore, bash: {script: x}}
                  - {name: b, retry: {errors: 0}, bash: {script: x}}
                  - {name: c, dependsOn: [a, b], params: {p: "${instance.phase}", n: "${size(instance.failedSteps)}"}, noop: {}}
                """, Map.of());
        run.outcome = l -> l.step().equals("b") ? run.ended(l, AttemptOutcome.Succeeded, 0, Map.of()) : run.ended(l, AttemptOutcome.UserError, 1, null);
        run.runToEnd();
        assertThat(run.step("c").params()).containsEntry("p", "Running").containsEntry("n", 0);
    }

    /** A run of {@link #HOOKED} whose graph succeeded and whose hook {@code always} is still running. */
    private static RunSimulator alwaysRunning() {
        RunSimulator run = hooked(false);
        run.outcome = l -> l.step().equals("always") ? Attempt.launched(l.attempt(), run.now) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        for (int i = 0; i < 6; i++) {
            run.tick();
        }
        assertThat(run.step("always").phase()).isEqualTo(StepPhase.Running);
        return run;
    }

    /** Lets the running attempt 1 of {@code step} succeed in the fake cluster. */
    private static void succeed(RunSimulator run, String step) {
        run.cluster.get(step).put(1, new Attempt(1, AttemptOutcome.Succeeded, run.now, run.now, 0, null, null, Map.of()));
    }

    private static Plan.Launch launch(RunSimulator run, String step) {
        return run.launched.stream().filter(l -> l.step().equals(step)).findFirst().orElseThrow(() -> new AssertionError(step + " never launched"));
    }

    private static String phases(RunSimulator run) {
        return run.steps.values().stream().map(s -> s.name() + "=" + s.phase()).collect(Collectors.joining(" "));
    }
}
