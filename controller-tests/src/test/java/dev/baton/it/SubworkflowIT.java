package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** subworkflow steps on the real control plane: sync with outputs, async, and a failing child. */
@ExtendWith(BatonCluster.class)
class SubworkflowIT {
    private static final Duration END = Duration.ofSeconds(90);

    @Test
    void theExampleRunsSyncAndAsyncChildren(TestNamespace ns) throws Exception {
        ns.applyFile("examples/subworkflow.yaml");
        WorkflowInstance daily = ns.awaitEnd("daily-1", END);
        assertThat(daily.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("daily-1", "publish").outputs).containsEntry("url", "s3://reports/2026-11-24");
        assertThat(ns.step("daily-1", "notify").phase).isEqualTo(StepPhase.Succeeded);
        List<WorkflowInstance> children = ns.children("daily-1");
        assertThat(children).hasSize(2).allSatisfy(c -> assertThat(c.getSpec().workflowRef.name).isEqualTo("publisher"));
        WorkflowInstance published = children.stream().filter(c -> "publish".equals(c.getMetadata().getLabels().get("baton.dev/step")))
                .findFirst().orElseThrow();
        assertThat(ns.awaitEnd(published.getMetadata().getName(), END).getStatus().params)
                .containsEntry("date", "2026-11-24").containsEntry("channel", "email");
        var announce = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("daily-1-announce-1").get();
        assertThat(announce.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("published at s3://reports/2026-11-24");
    }

    @Test
    void aSyncStepFailsWithItsChild(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: broken}
                spec:
                  steps:
                    - name: s
                      retry: {errors: 0}
                      bash: {script: "exit 1"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "1"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: caller}
                spec:
                  steps:
                    - {name: call, subworkflow: {workflow: broken}}
                    - {name: missing, subworkflow: {workflow: does-not-exist}, onFailure: Ignore}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: caller-1}
                spec: {workflowRef: {name: caller}}
                """);
        WorkflowInstance i = ns.awaitEnd("caller-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.step("caller-1", "call").message).contains("broken", "Failed");
        assertThat(ns.step("caller-1", "missing").phase).isEqualTo(StepPhase.CompletedWithError);
    }

    /**
     * A → B → A: the Workflow that closes the cycle gets Valid=False naming the step, and a run of the
     * other fails instead of starting instances without end.
     */
    @Test
    void aCycleOfSubworkflowsIsRefusedAndRunsNothingWithoutEnd(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: ping}
                spec:
                  steps: [{name: call, subworkflow: {workflow: pong}}]
                """);
        Awaitility.await().atMost(END).until(() -> valid(ns, "ping") != null);
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: pong}
                spec:
                  steps: [{name: back, subworkflow: {workflow: ping}}]
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: ping-1}
                spec: {workflowRef: {name: ping}}
                """);
        Awaitility.await().atMost(END).until(() -> valid(ns, "pong") != null);
        Condition pong = valid(ns, "pong");
        assertThat(pong.getStatus()).isEqualTo("False");
        assertThat(pong.getMessage()).contains("spec.steps[0].subworkflow.workflow", "ping");

        WorkflowInstance run = ns.awaitEnd("ping-1", END);
        assertThat(run.getStatus().phase).isEqualTo(InstancePhase.Failed);
        // A child that starts before pong's verdict is written compiles pong itself and goes round the cycle
        // until the verdict arrives (or the run-time depth limit stops it): bounded, never without end.
        assertThat(ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems())
                .as("ping-1 and its chain, bounded by the subworkflow depth limit").hasSizeLessThanOrEqualTo(21);
    }

    private static Condition valid(TestNamespace ns, String workflow) {
        var w = ns.workflow(workflow);
        return w == null || w.getStatus() == null || w.getStatus().conditions == null ? null
                : w.getStatus().conditions.stream().filter(c -> c.getType().equals("Valid")).findFirst().orElse(null);
    }
}
