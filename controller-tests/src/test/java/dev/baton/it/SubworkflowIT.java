package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.util.List;
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
}
