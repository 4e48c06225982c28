package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** while loops as sequential child instances on the real control plane. */
@ExtendWith(BatonCluster.class)
class WhileIT {
    @Test
    void theExampleStopsAfterFiveRoundsViaACarriedParam(TestNamespace ns) throws Exception {
        ns.applyFile("examples/while.yaml");
        int maxAlive = ns.maxUntilEnd("countdown-1", () -> ns.children("countdown-1").size());
        WorkflowInstance parent = ns.instance("countdown-1");
        assertThat(parent.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        var loop = ns.step("countdown-1", "loop");
        assertThat(loop.outputs).containsEntry("i", 6);
        assertThat(loop.whileLoop.iteration).isEqualTo(5);
        assertThat(maxAlive).as("iteration instances alive at once").isLessThanOrEqualTo(2);
        var report = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("countdown-1-report-1").get();
        assertThat(report.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("loop ended with i=6");
    }

    @Test
    void aLoopThatNeverEndsHitsMaxIterations(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: forever}
                spec:
                  steps:
                    - name: loop
                      while:
                        condition: "true"
                        params: {k: 0}
                        maxIterations: 3
                        steps: [{name: s, noop: {}}]
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: forever-1}
                spec: {workflowRef: {name: forever}}
                """);
        WorkflowInstance i = ns.awaitEnd("forever-1", Duration.ofSeconds(60));
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.step("forever-1", "loop").message).contains("while.maxIterations");
    }
}
