package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Steps whose Jobs wait in a Kueue queue: Admitting until Kueue admits them, a timeout that starts at
 * admission unless the step says otherwise, and an eviction that ends the attempt as a platform error.
 */
class KueueStepsTest {
    @Test
    void aQueuedStepIsAdmittingAndItsTimeoutStartsWhenKueueAdmitsIt() {
        RunSimulator run = new RunSimulator("""
                queue: q
                steps: [{name: s, timeout: 10s, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.admitting(l.attempt(), run.now);
        Plan launched = run.tick();
        assertThat(launched.wakeAt()).as("no timer while it waits for admission").isNull();
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Admitting);
        run.now = run.now.plusSeconds(60);
        Plan waiting = run.tick();
        assertThat(waiting.kills()).as("a minute in the queue is not past a 10s timeout").isEmpty();
        assertThat(run.step("s").phase()).isEqualTo(StepPhase.Running);
        assertThat(run.step("s").message()).isEqualTo("attempt 1 waits for Kueue to admit its Job (queue q)");

        Instant admittedAt = run.now;
        run.cluster.get("s").put(1, Attempt.launched(1, run.now).admittedAt(admittedAt));
        Plan admitted = run.tick();
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Running);
        assertThat(run.step("s").attempts().get(0).admitted()).as("kept in status").isEqualTo(admittedAt);
        assertThat(run.step("s").message()).isNull();
        assertThat(admitted.wakeAt()).isEqualTo(admittedAt.plusSeconds(10));

        run.now = admittedAt.plusSeconds(11);
        Plan timedOut = run.tick();
        assertThat(timedOut.kills()).containsExactly(new Plan.Kill("s", 1, "ran past its timeout of 10s"));
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Timeout);
    }

    @Test
    void withTimeoutIncludesAdmissionTheWaitCountsToo() {
        RunSimulator run = new RunSimulator("""
                queue: q
                defaults: {timeoutIncludesAdmission: true}
                steps: [{name: s, timeout: 10s, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.admitting(l.attempt(), run.now);
        Instant start = run.now;
        assertThat(run.tick().wakeAt()).isEqualTo(start.plusSeconds(10));
        run.now = start.plusSeconds(11);
        Plan plan = run.tick();
        assertThat(plan.kills()).containsExactly(new Plan.Kill("s", 1, "ran past its timeout of 10s"));
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Timeout);
    }

    @Test
    void aJobKueueEvictsIsAPlatformErrorRetriedAsANewAttempt() {
        RunSimulator run = new RunSimulator("""
                queue: q
                steps: [{name: s, retry: {platform: 1, backoff: {type: Fixed, base: 5s}}, bash: {script: x}}]
                """, Map.of());
        run.outcome = l -> Attempt.admitting(l.attempt(), run.now);
        run.tick();
        Instant admittedAt = run.now;
        run.cluster.get("s").put(1, Attempt.launched(1, run.now).admittedAt(admittedAt));
        run.tick();
        // Preempted: Kueue suspends the Job again, and its pod goes away.
        run.cluster.get("s").put(1, Attempt.admitting(1, admittedAt));
        Plan evicted = run.tick();
        assertThat(evicted.kills()).as("Kueue would run it again unseen; it is deleted instead").hasSize(1);
        Attempt first = run.step("s").attempts().get(0);
        assertThat(first.outcome()).isEqualTo(AttemptOutcome.PlatformError);
        assertThat(first.reason()).isEqualTo("Evicted");
        assertThat(run.step("s").message()).startsWith("retrying after platform error Evicted");
        run.cluster.get("s").remove(1);

        run.outcome = l -> run.ended(l, AttemptOutcome.Succeeded, 0, Map.of());
        run.runToEnd();
        assertThat(run.step("s").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.launched).extracting(Plan.Launch::attempt).containsExactly(1, 2);
    }

    @Test
    void aStepWithoutAQueueNeverWaitsForAdmission() {
        RunSimulator run = new RunSimulator("steps: [{name: s, bash: {script: x}}]", Map.of());
        run.outcome = l -> Attempt.launched(l.attempt(), run.now);
        run.tick();
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Running);
    }

    @Test
    void loopBodiesInheritTheQueueAndAStepsOwnLabelWins() {
        var spec = Specs.parse("""
                queue: q
                steps:
                  - name: each
                    foreach:
                      params: {i: [1, 2]}
                      steps: [{name: work, bash: {script: x}}]
                  - {name: own, bash: {script: x}, podTemplate: {metadata: {labels: {kueue.x-k8s.io/queue-name: other}}}}
                  - {name: plain, bash: {script: x}}
                """);
        var loop = (dev.baton.engine.model.StepAction.Foreach) spec.step("each").action();
        assertThat(loop.body().step("work").leaf().queue()).isEqualTo("q");
        assertThat(spec.step("own").leaf().queue()).as("the step's own label wins").isEqualTo("other");
        assertThat(spec.step("plain").leaf().queue()).isEqualTo("q");
        assertThat(Specs.parse("steps: [{name: s, bash: {script: x}}]").step("s").leaf().queue()).isNull();
    }

    @Test
    void badQueueSettingsAreFieldErrors() {
        assertThat(Specs.errors("""
                queue: Not_A_Queue
                steps: [{name: s, bash: {script: x}}]
                """)).extracting(Object::toString).containsExactly("spec.queue: \"Not_A_Queue\" is not a LocalQueue name"
                + " (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)");
        assertThat(Specs.errors("""
                queue: q
                steps: [{name: s, executor: Pod, bash: {script: x}}]
                """)).extracting(Object::toString).containsExactly("spec.steps[0].executor: a step in a Kueue queue"
                + " (spec.queue or the pod label kueue.x-k8s.io/queue-name) runs as a Job: executor Pod cannot be queued");
        assertThat(Specs.errors("""
                defaults: {timeoutIncludesAdmission: yes-please}
                steps: [{name: s, bash: {script: x}}]
                """)).extracting(Object::toString).singleElement().asString().startsWith("spec.defaults.timeoutIncludesAdmission");
    }
}
