package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scheduling rules of a run, as a specification: transitions, joins, outputs, retries, failure modes. */
class PlannerTest {
    private static final String MAESTRO_CONDITIONAL = """
            params: {p: {type: long}}
            steps:
              - {name: a, bash: {script: x}}
              - {name: b, dependsOn: [a], bash: {script: x}}
              - {name: c, dependsOn: [b], bash: {script: x}}
              - {name: d, dependsOn: [{step: c, when: "params.p < 0"}], bash: {script: x}}
              - {name: e, dependsOn: [d], bash: {script: x}}
              - {name: f, dependsOn: [{step: c, when: "params.p >= 0"}, e], bash: {script: x}}
              - {name: g, dependsOn: [f], bash: {script: x}}
            """;

    @ParameterizedTest(name = "p = {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "15 | a=Succeeded b=Succeeded c=Succeeded d=Skipped e=Skipped f=Succeeded g=Succeeded",
            "-3 | a=Succeeded b=Succeeded c=Succeeded d=Succeeded e=Succeeded f=Succeeded g=Succeeded",
    })
    void maestrosConditionalExample(long p, String expected) {
        RunSimulator run = new RunSimulator(MAESTRO_CONDITIONAL, Map.of("p", p));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(phases(run)).isEqualTo(expected);
    }

    @Test
    void rootsStartTogetherAndAJoinWaitsForAllDependencies() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, bash: {script: x}}
                  - {name: c, dependsOn: [a, b], bash: {script: x}}
                """, Map.of());
        run.outcome = l -> l.step().equals("b")
                ? new Attempt(1, AttemptOutcome.Running, run.now, null, null, null, null, null)
                : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        assertThat(run.tick().launches()).extracting(Plan.Launch::step).containsExactly("a", "b");
        run.tick();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.step("c").phase()).as("b still runs").isEqualTo(StepPhase.Pending);
        run.cluster.get("b").put(1, new Attempt(1, AttemptOutcome.Succeeded, run.now, run.now, 0, null, null, Map.of()));
        assertThat(run.tick().launches()).extracting(Plan.Launch::step).containsExactly("c");
    }

    @Test
    void anAttemptStartsWhenItWasLaunchedNotWhenItsObjectWasCreated() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                """, Map.of());
        java.time.Instant launchedAt = run.now;
        run.outcome = l -> new Attempt(1, AttemptOutcome.Running, launchedAt.plusSeconds(1), null, null, null, null, null);
        run.tick();
        run.tick();
        assertThat(run.step("a").attempts().get(0).start()).as("no status change, no write").isEqualTo(launchedAt);
        run.cluster.get("a").put(1, new Attempt(1, AttemptOutcome.Succeeded, launchedAt.plusSeconds(1),
                launchedAt.plusSeconds(3), 0, null, null, Map.of()));
        run.tick();
        Attempt done = run.step("a").attempts().get(0);
        assertThat(done.outcome()).isEqualTo(AttemptOutcome.Succeeded);
        assertThat(done.start()).isEqualTo(launchedAt);
        assertThat(done.end()).isEqualTo(launchedAt.plusSeconds(3));
    }

    @Test
    void aStepWhoseFirstPodExistsAdoptsItInsteadOfLaunchingAgain() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, dependsOn: [a], bash: {script: x}}
                """, Map.of());
        java.time.Instant created = run.now.minusSeconds(3);
        run.cluster.put("a", new java.util.HashMap<>(Map.of(1, new Attempt(1, AttemptOutcome.Succeeded, created,
                run.now.minusSeconds(1), 0, null, null, Map.of("rows", 7)))));
        Plan first = run.tick();
        assertThat(first.launches()).as("a's pod exists; b is launched at once").extracting(Plan.Launch::step).containsExactly("b");
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.step("a").outputs()).containsEntry("rows", 7);
        assertThat(run.step("a").attempts()).extracting(Attempt::start).containsExactly(created);
    }

    @Test
    void aStepWithNoSatisfiedEdgeIsSkippedAndSoAreItsDescendants() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, dependsOn: [{step: a, when: "false"}], bash: {script: x}}
                  - {name: c, dependsOn: [b], bash: {script: x}}
                  - {name: d, dependsOn: [b, a], bash: {script: x}}
                """, Map.of());
        run.runToEnd();
        assertThat(phases(run)).isEqualTo("a=Succeeded b=Skipped c=Skipped d=Succeeded");
        assertThat(run.step("c").message()).contains("b is Skipped");
    }

    @Test
    void outputsOfAStepFeedConditionsParamsAndArgsDownstream() {
        RunSimulator run = new RunSimulator("""
                params: {date: {type: string}}
                steps:
                  - {name: extract, bash: {script: x}}
                  - name: load
                    dependsOn: [{step: extract, when: "steps.extract.outputs.rows > 0"}]
                    params: {rows: "${steps.extract.outputs.rows}", label: "rows=${steps['extract'].outputs.rows}"}
                    container: {image: busybox, args: ["--date", "${params.date}", "--rows=${steps.extract.outputs.rows * 2}"],
                                env: {TABLE: "${steps.extract.outputs.table}"}}
                """, Map.of("date", "2026-11-24"));
        run.outcome = l -> run.ended(l, AttemptOutcome.Succeeded, 0, l.step().equals("extract") ? Map.of("rows", 42, "table", "sales") : Map.of());
        run.runToEnd();
        Plan.Launch load = run.launched.get(1);
        assertThat(load.params()).containsEntry("rows", 42L).containsEntry("label", "rows=42");
        assertThat(load.args()).containsExactly("--date", "2026-11-24", "--rows=84");
        assertThat(load.env()).containsEntry("TABLE", "sales");
        assertThat(run.step("extract").outputs()).containsEntry("rows", 42);
        assertThat(run.step("load").params()).as("as status stores it").containsEntry("rows", 42);
    }

    @Test
    void noopAndSleepRunInsideTheOperator() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, noop: {}}
                  - {name: nap, dependsOn: [a], sleep: {duration: 30s}}
                  - {name: b, dependsOn: [nap], noop: {}}
                """, Map.of());
        Plan first = run.tick();
        assertThat(first.launches()).isEmpty();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.step("nap").phase()).isEqualTo(StepPhase.Running);
        assertThat(first.wakeAt()).isEqualTo(run.step("nap").start().plusSeconds(30));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.launched).isEmpty();
        assertThat(Duration.between(run.step("nap").start(), run.step("nap").end())).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aUserErrorIsRetriedWithExponentialBackoffThenFails() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: flaky
                    retry: {errors: 2, backoff: {base: 10s, factor: 3}}
                    bash: {script: x}
                """, Map.of());
        run.outcome = l -> run.ended(l, AttemptOutcome.UserError, 3, null);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        List<Attempt> attempts = run.step("flaky").attempts();
        assertThat(attempts).extracting(Attempt::number).containsExactly(1, 2, 3);
        assertThat(Duration.between(attempts.get(0).end(), attempts.get(1).start())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(attempts.get(1).end(), attempts.get(2).start())).isEqualTo(Duration.ofSeconds(30));
        assertThat(run.step("flaky").message()).contains("exit code 3", "attempt 3", "2 of 2 retries");
        assertThat(run.events).extracting(Plan.PlanEvent::reason).contains(EventReason.StepRetrying, EventReason.StepFailed);
    }

    @Test
    void whileWaitingForABackoffTheStepShowsWhenTheNextAttemptStarts() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, retry: {errors: 1, backoff: {type: Fixed, base: 1m}}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> run.ended(l, AttemptOutcome.UserError, 1, null);
        run.tick();
        Plan waiting = run.tick();
        assertThat(run.step("s").nextAttemptAfter()).isEqualTo(run.step("s").attempts().get(0).end().plusSeconds(60));
        assertThat(waiting.wakeAt()).isEqualTo(run.step("s").nextAttemptAfter());
        assertThat(waiting.launches()).isEmpty();
    }

    @Test
    void eachFailureClassHasItsOwnLimit() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, retry: {errors: 0, platform: 2, backoff: {type: Fixed, base: 1s}}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> l.attempt() <= 2 ? run.ended(l, AttemptOutcome.PlatformError, 137, null)
                : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("s").attempts()).extracting(Attempt::outcome).containsExactly(
                AttemptOutcome.PlatformError, AttemptOutcome.PlatformError, AttemptOutcome.Succeeded);
    }

    @Test
    void anAttemptPastItsTimeoutIsKilledAndCountsAsATimeout() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, timeout: 5s, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        Plan launched = run.tick();
        assertThat(launched.wakeAt()).as("no event of a running pod wakes it: the launch sets the timer")
                .isEqualTo(run.step("s").attempts().get(0).start().plusSeconds(5));
        run.now = run.now.plusSeconds(6);
        Plan plan = run.tick();
        assertThat(plan.kills()).containsExactly(new Plan.Kill("s", 1, "ran past its timeout of 5s"));
        assertThat(plan.phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Timeout);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UserError, Failed, 1", "PlatformError, Succeeded, 2"})
    void anAttemptStuckOnItsImageEndsAfterTheGracePeriodAsItsClass(AttemptOutcome stuckAs, StepPhase phase, int attempts) {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, timeout: 1h, retry: {errors: 0, platform: 1, backoff: {type: Fixed, base: 1s}}, bash: {script: x}}]
                """, Map.of());
        java.time.Instant podStarted = run.now.plusSeconds(2);
        Attempt.Stuck stuck = new Attempt.Stuck(stuckAs, "ImagePullBackOff", "image x cannot be pulled", podStarted);
        run.outcome = l -> l.attempt() == 1 ? new Attempt(1, AttemptOutcome.Running, run.now, null, null, null, null, null, stuck, null)
                : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        run.tick();
        run.now = run.now.plusSeconds(5);
        Plan waiting = run.tick();
        assertThat(waiting.wakeAt()).as("woken at the end of the grace, long before the timeout").isEqualTo(podStarted.plus(Attempt.STUCK_GRACE));
        assertThat(waiting.kills()).isEmpty();
        assertThat(run.step("s").phase()).isEqualTo(StepPhase.Running);
        run.now = podStarted.plus(Attempt.STUCK_GRACE);
        Plan ended = run.tick();
        assertThat(ended.kills()).containsExactly(new Plan.Kill("s", 1, "ImagePullBackOff: image x cannot be pulled"));
        Attempt first = run.step("s").attempts().get(0);
        assertThat(first.outcome()).isEqualTo(stuckAs);
        assertThat(first.reason()).isEqualTo("ImagePullBackOff");
        assertThat(first.message()).isEqualTo("image x cannot be pulled");
        run.cluster.get("s").remove(1); // the kill deleted its pod
        run.runToEnd();
        assertThat(run.step("s").phase()).as("a user error has no retry left, a platform error has one").isEqualTo(phase);
        assertThat(run.step("s").attempts()).hasSize(attempts);
    }

    @Test
    void anAttemptWhoseObjectVanishedIsAPlatformErrorAfterAGracePeriod() {
        RunSimulator run = new RunSimulator("steps: [{name: s, retry: {platform: 0}, bash: {script: x}}]", Map.of());
        run.tick();
        run.cluster.clear(); // someone deleted the Job
        assertThat(run.tick().launches()).as("within the grace period it is created again, idempotently").hasSize(1);
        run.cluster.clear();
        run.now = run.now.plus(LeafAttempts.VANISH_GRACE);
        run.tick();
        assertThat(run.step("s").phase()).isEqualTo(StepPhase.Failed);
        assertThat(run.step("s").attempts().get(0).reason()).isEqualTo("Deleted");
    }

    @Test
    void failAfterRunningLetsIndependentBranchesFinish() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: bad, retry: {errors: 0}, bash: {script: x}}
                  - {name: after, dependsOn: [bad], bash: {script: x}}
                  - {name: other, bash: {script: x}}
                  - {name: other2, dependsOn: [other], bash: {script: x}}
                """, Map.of());
        run.outcome = l -> l.step().equals("bad") ? run.ended(l, AttemptOutcome.UserError, 1, null) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(phases(run)).isEqualTo("bad=Failed after=Skipped other=Succeeded other2=Succeeded");
    }

    @Test
    void failImmediatelyStopsRunningStepsAndStartsNothingMore() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: bad, onFailure: FailImmediately, retry: {errors: 0}, bash: {script: x}}
                  - {name: slow, bash: {script: x}}
                  - {name: next, dependsOn: [slow], bash: {script: x}}
                """, Map.of());
        run.outcome = l -> l.step().equals("bad") ? run.ended(l, AttemptOutcome.UserError, 1, null) : Attempt.launched(l.attempt(), run.now);
        run.tick();
        Plan plan = run.tick();
        assertThat(plan.phase()).isEqualTo(InstancePhase.Failed);
        assertThat(plan.kills()).extracting(Plan.Kill::step).containsExactly("slow");
        assertThat(phases(run)).isEqualTo("bad=Failed slow=Stopped next=Stopped");
    }

    /** Found by PlannerPropertiesTest: the kill was decided, then dropped when the planner planned the failure again. */
    @Test
    void aStepThatFailsFastOnItsTimeoutHasItsAttemptKilledToo() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: slow, onFailure: FailImmediately, timeout: 30s, bash: {script: x}}
                  - {name: other, bash: {script: x}}
                """, Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        run.tick();
        run.now = run.now.plusSeconds(31);
        Plan plan = run.tick();
        assertThat(plan.phase()).isEqualTo(InstancePhase.Failed);
        assertThat(plan.kills()).extracting(Plan.Kill::step).containsExactlyInAnyOrder("slow", "other");
        assertThat(phases(run)).isEqualTo("slow=Failed other=Stopped");
    }

    /**
     * Found by PlannerPropertiesTest: a retry launched by a pass whose status write is lost, then killed on its
     * timeout by a pass whose write is lost too, left no trace once its Job was deleted, and ran again under
     * the same name. The reconciler now deletes an attempt's object only after the status that ends the
     * attempt is written (LeftoverAttempts), so a lost write leaves the object, and the next pass finds the
     * attempt in the cluster, past its timeout: it kills it again and does not launch it.
     */
    @Test
    void anAttemptWhoseKillWasNotStoredIsKilledAgainNotLaunchedAgain() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: a, timeout: 10s, retry: {timeouts: 1, backoff: {type: Fixed, base: 5s}}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        run.tick();
        run.now = run.now.plusSeconds(11);
        assertThat(run.tick().kills()).extracting(Plan.Kill::attempt).containsExactly(1);
        run.cluster.get("a").remove(1);
        Map<String, StepState> retrying = new LinkedHashMap<>(run.steps);
        run.now = run.now.plusSeconds(6);
        assertThat(run.tick().launches()).extracting(Plan.Launch::attempt).containsExactly(2);
        run.steps = new LinkedHashMap<>(retrying); // that pass's status write was lost
        run.now = run.now.plusSeconds(11);
        assertThat(run.tick().kills()).extracting(Plan.Kill::attempt).containsExactly(2);
        run.steps = new LinkedHashMap<>(retrying); // and so was this one's: its Job stays

        Plan plan = run.tick();

        assertThat(plan.launches()).as("attempt 2 ran already").isEmpty();
        assertThat(plan.kills()).extracting(Plan.Kill::attempt).containsExactly(2);
        assertThat(plan.phase()).isEqualTo(InstancePhase.Failed);
    }

    @Test
    void aHundredRetriesAreCountedToTheLimitWhileStatusListsOnlyTheLastTen() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: a, retry: {errors: 100, backoff: {type: Fixed, base: 1s}}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> run.ended(l, AttemptOutcome.UserError, 1, null);

        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);

        // Every Job of the run is still in the (fake) cluster: folded ones must not be read back as new.
        assertThat(run.launched).extracting(Plan.Launch::attempt)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 101).boxed().toList());
        StepState a = run.step("a");
        assertThat(a.attempts()).extracting(Attempt::number)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(92, 101).boxed().toList());
        assertThat(a.folded()).isEqualTo(new FoldedAttempts(91, Map.of(AttemptOutcome.UserError, 91)));
        assertThat(a.message()).endsWith("(attempt 101, 100 of 100 retries for this class used)");
    }

    @Test
    void paramsTooLargeToKeepInStatusFailTheStepBeforeItLaunches() {
        RunSimulator run = new RunSimulator("""
                params: {big: {type: string}}
                steps:
                  - {name: a, params: {first: "${params.big}", second: "${params.big + 'x'}"}, bash: {script: x}}
                  - {name: b, params: {one: "${params.big}"}, bash: {script: x}}
                """, Map.of("big", "y".repeat(40_000)));

        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);

        assertThat(run.launched).extracting(Plan.Launch::step).containsExactly("b");
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Failed);
        assertThat(run.step("a").message()).isEqualTo("params: the evaluated params take 80005 bytes of JSON, past the limit"
                + " of 65536 (the largest is params.second, 40003 bytes): pass large data by reference (a path, a URL, a ConfigMap)");
    }

    @Test
    void ignoreMarksTheStepCompletedWithErrorAndDescendantsRun() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: bad, onFailure: Ignore, retry: {errors: 0}, bash: {script: x}}
                  - {name: after, dependsOn: [bad], bash: {script: x}}
                """, Map.of());
        run.outcome = l -> l.step().equals("bad") ? run.ended(l, AttemptOutcome.UserError, 1, null) : run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(phases(run)).isEqualTo("bad=CompletedWithError after=Succeeded");
    }

    @Test
    void theInstanceTimesOutAndStopsWhatRuns() {
        RunSimulator run = new RunSimulator("""
                timeout: 1m
                steps: [{name: s, bash: {script: x}}, {name: t, dependsOn: [s], bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        run.tick();
        run.now = run.now.plusSeconds(61);
        Plan plan = run.tick();
        assertThat(plan.phase()).isEqualTo(InstancePhase.TimedOut);
        assertThat(plan.kills()).extracting(Plan.Kill::step).containsExactly("s");
        assertThat(phases(run)).isEqualTo("s=Stopped t=Stopped");
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsTheStepWithTheField() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, dependsOn: [{step: a, when: "steps.a.outputs.missing > 1"}], bash: {script: x}}
                """, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("b").message()).startsWith("dependsOn[0].when: ");
    }

    @Test
    void replanningTheSameStateLaunchesTheSameNamesOnly() {
        RunSimulator run = new RunSimulator("steps: [{name: a, bash: {script: x}}, {name: b, bash: {script: x}}]", Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        Plan first = run.tick();
        RunState again = new RunState("run-1", "ns", run.now, Map.of(), new LinkedHashMap<>(), Map.of());
        Plan repeat = run.planner.plan(run.spec, again, run.now);
        assertThat(repeat.launches()).isEqualTo(first.launches());
    }

    private static String phases(RunSimulator run) {
        return run.steps.values().stream().map(s -> s.name() + "=" + s.phase()).collect(Collectors.joining(" "));
    }
}
