package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Actions on single steps of a run (Maestro's step actions): each taken once, refused when it makes no sense. */
class StepRequestsTest {
    private static final String CHAIN = """
            steps:
              - {name: a, bash: {script: x}}
              - {name: b, dependsOn: [a], bash: {script: x}}
              - {name: c, dependsOn: [b], bash: {script: x}}
              - {name: d, dependsOn: [a], bash: {script: x}}
            """;

    /** a runs until the test lets it end. */
    private static RunSimulator holdingA(String spec) {
        RunSimulator run = new RunSimulator(spec, Map.of());
        run.outcome = l -> l.step().equals("a") ? new Attempt(l.attempt(), AttemptOutcome.Running, run.now, null, null, null, null, null)
                : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        run.tick();
        return run;
    }

    private static void endA(RunSimulator run) {
        run.cluster.get("a").put(1, new Attempt(1, AttemptOutcome.Succeeded, run.now, run.now, 0, null, null, Map.of()));
    }

    @Test
    void skippingAPendingStepSkipsItAndItsDescendantsFollowTheRules() {
        RunSimulator run = holdingA(CHAIN);
        run.ask("s1", StepRequest.Kind.Skip, "b");
        run.tick();
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Skipped);
        assertThat(run.step("b").message()).isEqualTo("skipped by request s1");
        assertThat(run.outcomes()).containsExactly("s1 Done: step b skipped");
        endA(run);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("c").phase()).as("its only dependency was skipped").isEqualTo(StepPhase.Skipped);
        assertThat(run.step("d").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.outcomes()).as("taken once").hasSize(1);
    }

    @Test
    void skippingARunningStepDeletesItsPod() {
        RunSimulator run = holdingA(CHAIN);
        run.ask("s1", StepRequest.Kind.Skip, "a");
        run.tick();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Skipped);
        assertThat(run.killed).extracting(Plan.Kill::step).containsExactly("a");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.launched).extracting(Plan.Launch::step).containsExactly("a");
    }

    @Test
    void killingARunningStepFailsItAndItsOnFailureApplies() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, onFailure: FailImmediately, bash: {script: x}}
                  - {name: other, bash: {script: x}}
                """, Map.of());
        run.outcome = l -> new Attempt(l.attempt(), AttemptOutcome.Running, run.now, null, null, null, null, null);
        run.tick();
        run.ask("k1", StepRequest.Kind.Kill, "a");
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Failed);
        assertThat(run.step("a").message()).isEqualTo("killed by request k1");
        assertThat(run.step("other").phase()).as("FailImmediately stops the rest").isEqualTo(StepPhase.Stopped);
        assertThat(run.outcomes()).containsExactly("k1 Done: step a killed");
    }

    @Test
    void stoppingARunningStepLetsItsAttemptEndAndStartsNoRetry() {
        RunSimulator run = holdingA("""
                steps: [{name: a, retry: {errors: 3}, bash: {script: x}}]
                """);
        run.ask("st", StepRequest.Kind.Stop, "a");
        run.tick();
        assertThat(run.step("a").phase()).as("its attempt goes on").isEqualTo(StepPhase.Running);
        assertThat(run.killed).isEmpty();
        run.cluster.get("a").put(1, new Attempt(1, AttemptOutcome.UserError, run.now, run.now, 1, "Error", null, null));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Stopped);
        assertThat(run.step("a").message()).startsWith("stopped by request: no retry after exit code 1");
        assertThat(run.launched).as("no retry").hasSize(1);
    }

    @Test
    void aStoppedStepWhoseAttemptSucceedsSucceeds() {
        RunSimulator run = holdingA("steps: [{name: a, bash: {script: x}}]");
        run.ask("st", StepRequest.Kind.Stop, "a");
        run.tick();
        endA(run);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void restartingAnEndedStepRunsItAgainWithANewAttemptAndOptionallyItsDescendants() {
        RunSimulator run = holdingA(CHAIN);
        endA(run);
        run.tick();
        run.tick();
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Succeeded);
        run.outcome = l -> new Attempt(l.attempt(), AttemptOutcome.Running, run.now, null, null, null, null, null);
        run.requests.add(new StepRequest("r1", StepRequest.Kind.Restart, "b", true));
        run.tick();
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Running);
        assertThat(run.step("b").attempts()).extracting(Attempt::number).containsExactly(2);
        assertThat(run.step("c").phase()).as("a descendant, reset").isIn(StepPhase.Pending);
        assertThat(run.step("d").phase()).as("not a descendant of b").isEqualTo(StepPhase.Succeeded);
        assertThat(run.outcomes()).containsExactly("r1 Done: step b restarted with the steps after it");
    }

    @Test
    void bypassingAStepStartsItWithoutWaitingForItsDependencies() {
        RunSimulator run = holdingA(CHAIN);
        run.ask("by", StepRequest.Kind.Bypass, "c");
        run.tick();
        assertThat(run.step("c").phase()).isIn(StepPhase.Running, StepPhase.Succeeded);
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Pending);
    }

    @Test
    void actionsThatMakeNoSenseAreRefusedSayingWhy() {
        RunSimulator run = holdingA(CHAIN);
        run.ask("x1", StepRequest.Kind.Kill, "b");
        run.ask("x2", StepRequest.Kind.Skip, "nope");
        run.ask("x3", StepRequest.Kind.Restart, "a");
        run.ask("x4", StepRequest.Kind.Stop, "a/x");
        run.ask("x5", StepRequest.Kind.Skip, "Not A Path");
        run.ask("x5", StepRequest.Kind.Skip, "c");
        run.tick();
        assertThat(run.outcomes()).containsExactly(
                "x2 Refused: path nope: the workflow has no step nope (steps: a, b, c, d)",
                "x4 Refused: path a/x: step a is a bash step, which has no iterations or child run",
                "x5 Refused: path \"Not A Path\" is not a step path (step, step[iteration], step[iteration]/step, step/step)",
                "x5 Refused: another action has the id x5",
                "x3 Refused: step a is Running: only an ended step is restarted",
                "x1 Refused: step b is Pending: only a running step is killed");
        endA(run);
        run.tick();
        run.ask("x6", StepRequest.Kind.Skip, "a");
        run.tick();
        assertThat(run.outcomes()).last().isEqualTo("x6 Refused: step a has ended (Succeeded): nothing to skip");
    }

    @Test
    void anActionOnAStepOfAnIterationIsHandedToThatIteration() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: each
                    foreach:
                      params: {k: [1, 2, 3]}
                      steps: [{name: s, bash: {script: x}}]
                """, Map.of());
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Running;
        run.tick();
        run.tick();
        run.ask("f1", StepRequest.Kind.Skip, "each[1]/s");
        run.ask("f2", StepRequest.Kind.Kill, "each[2]");
        run.ask("f3", StepRequest.Kind.Skip, "each[7]/s");
        run.ask("f4", StepRequest.Kind.Restart, "each[0]");
        run.ask("f5", StepRequest.Kind.Skip, "each/s");
        Plan plan = run.tick();
        assertThat(plan.forwards()).extracting(f -> f.step() + " " + f.generation() + " " + f.index() + " " + f.request())
                .containsExactly("each 1 1 StepRequest[id=f1, kind=Skip, path=s, descendants=false]",
                        "each 1 2 StepRequest[id=f2, kind=Kill, path=, descendants=false]");
        assertThat(run.outcomes()).containsExactly(
                "f1 Forwarded: handed to iteration 1 of each",
                "f2 Forwarded: handed to iteration 2 of each",
                "f3 Refused: path each[7]/s: iteration 7 of each is not running (not started yet, or ended: what an ended iteration did stands)",
                "f4 Refused: path each[0]: a whole iteration is stopped or killed; name one of its steps for Restart (each[0]/step)",
                "f5 Refused: path each/s: name an iteration of each, as each[0]");
    }

    @Test
    void anActionOnAWhileIterationOrASubworkflowsStepIsHandedToThatRun() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: poll
                    while:
                      condition: "i < 3"
                      params: {i: 0}
                      steps: [{name: s, params: {i: "${i + 1}"}, bash: {script: x}}]
                  - name: publish
                    subworkflow: {workflow: publisher}
                """, Map.of());
        run.childOutcome = c -> ForeachPlanner.ChildPhase.Running;
        run.tick();
        run.tick();
        run.ask("w1", StepRequest.Kind.Skip, "poll[0]/s");
        run.ask("w2", StepRequest.Kind.Skip, "poll[1]/s");
        run.ask("p1", StepRequest.Kind.Kill, "publish/load");
        run.ask("p2", StepRequest.Kind.Kill, "publish[0]/load");
        Plan plan = run.tick();
        assertThat(plan.forwards()).extracting(f -> f.step() + " " + f.index() + " " + f.request().path())
                .containsExactly("poll 0 s", "publish 0 load");
        assertThat(run.outcomes()).containsExactly(
                "w1 Forwarded: handed to iteration 0 of poll",
                "w2 Refused: path poll[1]/s: iteration 1 of poll is not running (not started yet, or ended: what an ended iteration did stands)",
                "p1 Forwarded: handed to the run of publish",
                "p2 Refused: path publish[0]/load: publish is a subworkflow step: name its steps as publish/step");
    }

    @Test
    void aBreakpointAddedAtRunTimeHoldsTheStepUntilResumed() {
        RunSimulator run = holdingA(CHAIN);
        run.controls = new Controls(false, Controls.Stop.None, null, java.util.Set.of(), List.of(), java.util.Set.of(),
                java.util.Set.of("b"));
        endA(run);
        run.tick();
        run.tick();
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Pending);
        assertThat(run.step("b").message()).startsWith("paused at its breakpoint");
        run.controls = new Controls(false, Controls.Stop.None, null, java.util.Set.of("b"), List.of(), java.util.Set.of(),
                java.util.Set.of("b"));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void anEndedInstanceRestartsTheStepsAskedAndRefusesTheRest() {
        var definition = Specs.parse(CHAIN);
        Map<String, StepState> ended = new java.util.LinkedHashMap<>();
        for (String s : List.of("a", "b", "c", "d")) {
            ended.put(s, StepState.pending(s).started(Map.of(), java.time.Instant.EPOCH)
                    .withAttempts(List.of(new Attempt(1, AttemptOutcome.Succeeded, java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0, null, null, Map.of())), null, null)
                    .withPhase(s.equals("c") ? StepPhase.Failed : StepPhase.Succeeded, java.time.Instant.EPOCH, null));
        }
        Restarts.OnEnded out = Restarts.onEnded(definition, ended, List.of(
                new StepRequest("r", StepRequest.Kind.Restart, "b", true),
                new StepRequest("s", StepRequest.Kind.Skip, "a", false),
                new StepRequest("n", StepRequest.Kind.Restart, "each[1]/s", false)));
        assertThat(out.steps()).isNotNull();
        assertThat(out.steps().get("b").phase()).isEqualTo(StepPhase.Pending);
        assertThat(out.steps().get("b").firstAttempt()).isEqualTo(2);
        assertThat(out.steps().get("c").phase()).isEqualTo(StepPhase.Pending);
        assertThat(out.steps().get("a").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(out.steps().get("d").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(out.taken()).extracting(t -> t.request().id() + " " + t.outcome()).containsExactly("r Done", "s Refused", "n Refused");
    }
}
