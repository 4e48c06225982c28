package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A step whose pod the cluster refuses (here a quota of no pods) ends with the cluster's reason instead
 * of waiting forever: with the Pod executor the create call itself is refused; with the Job executor the
 * Job controller's FailedCreate Event says why, and the Job is deleted.
 */
@ExtendWith(BatonCluster.class)
class ClusterRefusalsIT {
    private static final Duration END = Duration.ofSeconds(120);

    @ParameterizedTest(name = "executor {0}")
    @CsvSource({"Job, FailedCreate", "Pod, CreateRefused"})
    void aPodTheQuotaRefusesFailsTheStepWithTheQuotasMessage(String executor, String reason, TestNamespace ns) {
        ns.apply("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: no-pods}
                spec: {hard: {pods: "0"}}
                """);
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: wf}
                spec:
                  steps:
                    - {name: a, executor: EXECUTOR, retry: {errors: 0}, bash: {script: "true"}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: run}
                spec: {workflowRef: {name: wf}}
                """.replace("EXECUTOR", executor));
        var ended = ns.awaitEnd("run", END);
        assertThat(ended.getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus a = ns.step("run", "a");
        assertThat(a.attempts).hasSize(1);
        assertThat(a.attempts.get(0).outcome).isEqualTo(AttemptOutcome.UserError);
        assertThat(a.attempts.get(0).reason).isEqualTo(reason);
        assertThat(a.attempts.get(0).message).contains("exceeded quota");
        assertThat(a.message).contains("exceeded quota");
        if (executor.equals("Job")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ns.jobs().isEmpty());
        }
    }
}
