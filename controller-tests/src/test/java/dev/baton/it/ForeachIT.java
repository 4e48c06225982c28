package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.ForeachStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** foreach loops as child instances on the real control plane: windows, counts, retention, nesting, failures. */
@ExtendWith(BatonCluster.class)
class ForeachIT {
    private static final Duration END = Duration.ofSeconds(120);

    @Test
    void theExampleRunsNineIterationsOfADiamondWithinItsWindow(TestNamespace ns) throws Exception {
        ns.applyFile("examples/foreach.yaml");
        AtomicInteger maxAlive = new AtomicInteger();
        int maxUnfinished = ns.maxUntilEnd("per-region-report-1", () -> {
            List<WorkflowInstance> kids = ns.children("per-region-report-1");
            maxAlive.accumulateAndGet(kids.size(), Math::max);
            return (int) kids.stream().filter(k -> k.getStatus() == null || k.getStatus().phase == null
                    || !k.getStatus().phase.terminal()).count();
        });
        WorkflowInstance parent = ns.awaitEnd("per-region-report-1", END);
        assertThat(parent.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        ForeachStatus loop = ns.step("per-region-report-1", "per-region").foreach;
        assertThat(loop.total).isEqualTo(9);
        assertThat(loop.succeeded).isEqualTo(9);
        assertThat(loop.failed).isZero();
        assertThat(ns.step("per-region-report-1", "publish").phase).isEqualTo(StepPhase.Succeeded);
        assertThat(maxUnfinished).as("unfinished iterations at once").isLessThanOrEqualTo(4);
        assertThat(maxAlive.get()).as("iteration instances alive at once: concurrency + retention").isLessThanOrEqualTo(4 + 2);
        // The rollup keeps the leaf steps of deleted iterations: 9 diamonds of 6, plus prepare and publish.
        assertThat(ns.step("per-region-report-1", "per-region").leaves).containsExactlyEntriesOf(Map.of("Succeeded", 54L));
        assertThat(parent.getStatus().leaves).containsExactlyEntriesOf(Map.of("Succeeded", 56L));
        // Deleting a counted iteration deletes its Jobs too (the garbage collector, a moment later).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ns.jobs().stream()
                .filter(j -> "load".equals(j.getMetadata().getLabels().get("baton.dev/step"))).count() <= 2 + 4);
        List<String> loads = ns.jobs().stream().filter(j -> "load".equals(j.getMetadata().getLabels().get("baton.dev/step")))
                .map(j -> String.join(" ", j.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())).toList();
        assertThat(loads).contains("load ap 2026-11-24 #8").hasSizeLessThanOrEqualTo(2 + 4)
                .allSatisfy(a -> assertThat(a).matches("load (us|eu|ap) 2026-11-2[234] #[0-8]"));
        assertThat(ns.children("per-region-report-1").size()).as("finished iterations beyond retention are deleted")
                .isLessThanOrEqualTo(2 + 4);
    }

    @Test
    void aNestedForeachRunsEveryCombination(TestNamespace ns) throws Exception {
        ns.applyFile("examples/nested-foreach.yaml");
        assertThat(ns.awaitEnd("nested-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("nested-1", "outer").foreach.succeeded).isEqualTo(2);
        // Leaf steps roll up across both levels: 2 × 3 work steps.
        assertThat(ns.step("nested-1", "outer").leaves).containsExactlyEntriesOf(Map.of("Succeeded", 6L));
        assertThat(ns.instance("nested-1").getStatus().leaves).containsExactlyEntriesOf(Map.of("Succeeded", 6L));
        for (WorkflowInstance outer : ns.children("nested-1")) {
            var inner = outer.getStatus().steps.get(0).foreach;
            assertThat(inner.total).isEqualTo(3);
            assertThat(inner.succeeded).isEqualTo(3);
        }
        List<String> args = ns.jobs().stream()
                .map(j -> String.join(" ", j.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())).toList();
        assertThat(args).containsExactlyInAnyOrder("a 1", "a 2", "a 3", "b 1", "b 2", "b 3");
    }

    @Test
    void instanceStepConcurrencyCapsLeafStepsAcrossTheWholeTree(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: tree}
                spec:
                  instanceStepConcurrency: 2
                  steps:
                    - name: each
                      foreach:
                        params: {part: [a, b, c, d, e, f]}
                        concurrency: 6
                        steps:
                          - name: work
                            bash: {script: x}
                            podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "2s"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: tree-1}
                spec: {workflowRef: {name: tree}}
                """);
        int maxRunning = ns.maxUntilEnd("tree-1", () -> (int) ns.pods().stream().filter(p -> p.getStatus() != null
                && ("Running".equals(p.getStatus().getPhase()) || "Pending".equals(p.getStatus().getPhase()))).count());
        WorkflowInstance root = ns.instance("tree-1");
        assertThat(root.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("tree-1", "each").foreach.succeeded).isEqualTo(6);
        assertThat(maxRunning).as("step pods running at once across the tree").isBetween(1, 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void collectGathersABodyValueOfEveryIteration(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: gather}
                spec:
                  steps:
                    - name: each
                      foreach:
                        params: {k: [1, 2, 3, 4, 5]}
                        concurrency: 2
                        retention: 0
                        collect: [rows]
                        steps:
                          - {name: count, params: {rows: "${k * 10}"}, noop: {}}
                    - {name: total, dependsOn: [each], params: {sum: "${steps.each.outputs.rows['4']}"}, noop: {}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: gather-1}
                spec: {workflowRef: {name: gather}}
                """);
        assertThat(ns.awaitEnd("gather-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        var rows = (java.util.Map<String, Object>) ns.step("gather-1", "each").outputs.get("rows");
        assertThat(rows).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("0", 10, "1", 20, "2", 30, "3", 40, "4", 50));
        assertThat(ns.step("gather-1", "total").params).containsEntry("sum", 50);
    }

    @Test
    void aFailingIterationUnderFailImmediatelyStopsTheOthers(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: loop}
                spec:
                  steps:
                    - name: each
                      onFailure: FailImmediately
                      foreach:
                        params: {num: [0, 1, 2, 3, 4, 5]}
                        concurrency: 3
                        steps:
                          - name: work
                            retry: {errors: 0}
                            bash: {script: x}
                            podTemplate:
                              metadata:
                                annotations: {kwok.baton.dev/duration: "3s"}
                          - name: fail
                            dependsOn: [{step: work, when: "num == 1"}]
                            retry: {errors: 0}
                            bash: {script: x}
                            podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "1"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: loop-1}
                spec: {workflowRef: {name: loop}}
                """);
        WorkflowInstance parent = ns.awaitEnd("loop-1", END);
        assertThat(parent.getStatus().phase).isEqualTo(InstancePhase.Failed);
        ForeachStatus loop = ns.step("loop-1", "each").foreach;
        assertThat(loop.failed).isGreaterThanOrEqualTo(1);
        assertThat(loop.nextIndex).as("no iteration started after the failure").isLessThan(6);
    }
}
