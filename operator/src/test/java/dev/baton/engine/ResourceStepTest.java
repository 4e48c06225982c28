package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * resource steps: one object per attempt from an evaluated manifest, ended by CEL conditions over it, retried,
 * timed out, stopped and adopted as Jobs are; and every mistake of the step a field error.
 */
class ResourceStepTest {
    private static final String SPEC = """
            params: {workers: {type: long, default: 2}}
            steps:
              - name: train
                retry: {errors: ERRORS}
                TIMEOUT
                resource:
                  manifest:
                    apiVersion: jobset.x-k8s.io/v1alpha2
                    kind: JobSet
                    metadata: {labels: {team: ml}}
                    spec:
                      replicatedJobs:
                        - name: workers
                          replicas: "${params.workers}"
                          template: {spec: {template: {spec: {containers: [{name: w, image: "trainer:${params.workers}", command: [sh, -c, "echo $${HOME}"]}]}}}}
                  successCondition: "object.status.conditions.exists(c, c.type == 'Completed' && c.status == 'True')"
                  failureCondition: "object.status.conditions.exists(c, c.type == 'Failed' && c.status == 'True')"
              - {name: after, dependsOn: [train], noop: {}}
            """;

    private static RunSimulator run(int errors, String timeout) {
        return new RunSimulator(SPEC.replace("ERRORS", String.valueOf(errors)).replace("TIMEOUT", timeout), Map.of("workers", 2L));
    }

    private static Map<String, Object> condition(String type, String message) {
        return Map.of("status", Map.of("conditions", List.of(Map.of("type", type, "status", "True", "message", message))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theManifestIsEvaluatedAndTheStepSucceedsWhenItsSuccessConditionHolds() {
        RunSimulator run = run(0, "");
        run.tick();
        assertThat(run.launched).singleElement().satisfies(l -> {
            assertThat(l.attempt()).isEqualTo(1);
            Map<String, Object> job = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) l.manifest().get("spec"))
                    .get("replicatedJobs")).get(0);
            assertThat(job.get("replicas")).as("a single ${} keeps its type").isEqualTo(2L);
            assertThat(job.toString()).contains("image=trainer:2", "echo ${HOME}");
        });
        run.tick();
        assertThat(run.step("train").phase()).as("no status yet: not ended").isEqualTo(StepPhase.Running);
        assertThat(run.step("train").lastAttempt().message()).contains("not ended yet", "no such key 'status'");

        run.objects.get("train").get(1).putAll(condition("Completed", "jobset completed successfully"));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("train").attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(AttemptOutcome.Succeeded);
            assertThat(a.reason()).isEqualTo("SuccessCondition");
        });
        assertThat(run.step("after").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.launched).as("one object, never created twice").hasSize(1);
    }

    @Test
    void aFailureConditionIsAUserErrorRetriedWithANewObject() {
        RunSimulator run = run(1, "");
        run.tick();
        run.objects.get("train").get(1).putAll(condition("Failed", "jobset failed: job workers-0 failed"));
        for (int i = 0; i < 10 && !run.objects.get("train").containsKey(2); i++) {
            run.tick(); // the failure, then the backoff
        }
        assertThat(run.step("train").attempts()).extracting(Attempt::outcome)
                .containsExactly(AttemptOutcome.UserError, AttemptOutcome.Running);
        assertThat(run.objects.get("train")).as("attempt 2 is a new object").containsKeys(1, 2);
        run.objects.get("train").get(2).putAll(condition("Failed", "again"));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("train").message()).contains("failureCondition", "is true: again", "attempt 2");
        assertThat(run.step("train").attempts().get(0).message()).contains("jobset failed: job workers-0 failed");
        assertThat(run.step("after").phase()).isEqualTo(StepPhase.Skipped);
    }

    @Test
    void anAttemptPastItsTimeoutIsKilled() {
        RunSimulator run = run(0, "timeout: 1m");
        run.tick();
        run.now = run.now.plus(Duration.ofMinutes(2));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.killed).singleElement().satisfies(k -> assertThat(k.attempt()).isEqualTo(1));
        assertThat(run.step("train").attempts()).extracting(Attempt::outcome).containsExactly(AttemptOutcome.Timeout);
    }

    @Test
    void aStoppedRunKillsTheRunningObject() {
        RunSimulator run = run(0, "");
        run.tick();
        run.controls = run.controls.stopped("spec.stop is Stop");
        run.tick();
        assertThat(run.killed).singleElement().satisfies(k -> assertThat(k.step()).isEqualTo("train"));
        assertThat(run.step("train").phase()).isEqualTo(StepPhase.Stopped);
        assertThat(run.step("train").attempts()).extracting(Attempt::outcome).containsExactly(AttemptOutcome.Stopped);
    }

    @Test
    void anObjectCreatedBeforeALostStatusWriteIsAdoptedNotCreatedAgain() {
        RunSimulator run = run(0, "");
        // A pass created attempt 1's object and died before its status write: status still says Pending.
        run.objects.put("train", new java.util.HashMap<>(Map.of(1, new java.util.LinkedHashMap<>(Map.of("kind", "JobSet")))));
        run.tick();
        assertThat(run.launched).isEmpty();
        assertThat(run.step("train").phase()).isEqualTo(StepPhase.Running);
        run.objects.get("train").get(1).putAll(condition("Completed", "done"));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.launched).isEmpty();
    }

    @Test
    void anObjectDeletedOutsideBatonIsAPlatformErrorAfterTheGrace() {
        RunSimulator run = run(0, "");
        run.tick();
        run.objects.remove("train");
        run.now = run.now.plus(Attempt.VANISH_GRACE).plusSeconds(1);
        run.tick();
        assertThat(run.step("train").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.PlatformError);
        assertThat(run.step("train").attempts().get(0).message()).contains("its JobSet was deleted outside Baton");
    }

    @Test
    void everyMistakeOfAResourceStepNamesItsField() {
        List<FieldError> errors = Specs.errors("""
                steps:
                  - name: a
                    resource:
                      manifest: {metadata: {name: x}, spec: {}}
                      successCondition: "object.status.succeeded + 1"
                      failureCondition: "object.status.("
                      deleteOnFinish: sometimes
                      extra: 1
                  - name: b
                    resource:
                      manifest: {apiVersion: v1, kind: "${params.kind}"}
                  - name: c
                    resource: {successCondition: "true"}
                """);
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].resource.manifest.apiVersion: the manifest needs its apiVersion"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].resource.manifest.kind: the manifest needs its kind"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].resource.successCondition: condition").contains("must give a boolean"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].resource.failureCondition: invalid expression"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].resource.deleteOnFinish: must be true or false"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].resource.extra: unknown field"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[1].resource.manifest.kind: must be written out"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[1].resource.successCondition: a successCondition is required"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[2].resource.manifest: a manifest is required"));
    }
}
