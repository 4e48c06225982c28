package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash safety: 50 instances of a 20-step workflow while the operator process is killed with SIGKILL
 * every 10 seconds and started again. Every instance must succeed with exactly one successful attempt
 * per step, and no attempt may have two Jobs or Pods.
 */
@ExtendWith(BatonCluster.class)
class ChaosIT {
    private static final int INSTANCES = 50;

    @Test
    void killingTheOperatorEveryTenSecondsLosesAndDuplicatesNothing(TestNamespace ns) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: chaos}
                spec:
                  runStrategy: {type: Parallel, concurrency: 50}
                  steps:
                """);
        // Four layers of five steps; each step of a layer depends on two of the layer before.
        for (int layer = 0; layer < 4; layer++) {
            for (int i = 0; i < 5; i++) {
                yaml.append("    - name: l").append(layer).append('s').append(i).append('\n');
                if (layer > 0) {
                    yaml.append("      dependsOn: [l").append(layer - 1).append('s').append(i)
                            .append(", l").append(layer - 1).append('s').append((i + 1) % 5).append("]\n");
                }
                yaml.append("      executor: ").append(i % 2 == 0 ? "Job" : "Pod").append('\n')
                        .append("      bash: {script: \"true\"}\n")
                        .append("      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: \"500ms\"}}}\n");
            }
        }
        for (int n = 0; n < INSTANCES; n++) {
            yaml.append("---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: c-").append(n)
                    .append("}\nspec: {workflowRef: {name: chaos}}\n");
        }
        Instant start = Instant.now();
        ns.apply(yaml.toString());
        int kills = 0;
        while (!allEnded(ns) && Duration.between(start, Instant.now()).compareTo(Duration.ofMinutes(8)) < 0) {
            Thread.sleep(10_000);
            if (!allEnded(ns)) {
                ns.operator().kill();
                kills++;
                ns.operator().start();
            }
        }
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> allEnded(ns));
        Duration took = Duration.between(start, Instant.now());
        List<WorkflowInstance> instances = instances(ns);
        assertThat(instances).hasSize(INSTANCES).allSatisfy(i -> {
            assertThat(i.getStatus().phase).as(i.getMetadata().getName()).isEqualTo(InstancePhase.Succeeded);
            assertThat(i.getStatus().steps).hasSize(20).allSatisfy(s -> assertThat(s.attempts).as(i.getMetadata().getName() + "/" + s.name)
                    .singleElement().satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Succeeded)));
        });
        // Jobs and bare Pods are the attempts; Pods of Jobs belong to their Job.
        List<HasMetadata> attempts = new ArrayList<>(ns.jobs());
        ns.pods().stream().filter(p -> p.getMetadata().getOwnerReferences().stream().noneMatch(o -> o.getKind().equals("Job")))
                .forEach(attempts::add);
        Map<String, Long> perAttempt = attempts.stream().collect(Collectors.groupingBy(o -> Stream.of(
                "baton.dev/instance", "baton.dev/step", "baton.dev/attempt").map(o.getMetadata().getLabels()::get)
                .collect(Collectors.joining("/")), Collectors.counting()));
        assertThat(perAttempt).hasSize(INSTANCES * 20).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
        long jobPods = ns.pods().stream().filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getKind().equals("Job"))).count();
        assertThat(jobPods).as("one pod per Job").isEqualTo(ns.jobs().size());
        System.out.printf("[chaos] %d instances x 20 steps, %d operator kills, %s total%n", INSTANCES, kills, took);
    }

    /**
     * The same for a fan-out: iterations write no status until their step ends (IterationStatus) and
     * a restarted operator must adopt their running pods, never launch them twice nor lose one.
     */
    @Test
    void killingTheOperatorDuringAFanOutLosesAndDuplicatesNothing(TestNamespace ns) throws Exception {
        int iterations = 300;
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: fan}
                spec:
                  steps:
                    - name: each
                      foreach:
                        params: {i: %s}
                        concurrency: 30
                        retention: %d
                        steps:
                          - name: body
                            executor: Pod
                            bash: {script: "true"}
                            podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "1s"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: fan-1}
                spec: {workflowRef: {name: fan}}
                """.formatted(java.util.stream.IntStream.range(0, iterations).boxed().toList(), iterations));
        Instant start = Instant.now();
        int kills = 0;
        while (!ended(ns, "fan-1") && Duration.between(start, Instant.now()).compareTo(Duration.ofMinutes(6)) < 0) {
            Thread.sleep(4_000);
            if (!ended(ns, "fan-1")) {
                ns.operator().kill();
                kills++;
                ns.operator().start();
            }
        }
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> ended(ns, "fan-1"));
        WorkflowInstance root = ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withName("fan-1").get();
        assertThat(root.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(root.getStatus().steps.get(0).foreach.succeeded).isEqualTo((long) iterations);
        List<WorkflowInstance> children = instances(ns).stream().filter(i -> !i.getMetadata().getName().equals("fan-1")).toList();
        assertThat(children).hasSize(iterations).allSatisfy(i -> {
            assertThat(i.getStatus().phase).as(i.getMetadata().getName()).isEqualTo(InstancePhase.Succeeded);
            assertThat(i.getStatus().steps.get(0).attempts).as(i.getMetadata().getName()).singleElement()
                    .satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Succeeded));
        });
        assertThat(ns.pods()).as("one pod per iteration").hasSize(iterations);
        System.out.printf("[chaos] foreach of %d iterations, %d operator kills, %s total%n", iterations, kills,
                Duration.between(start, Instant.now()));
    }

    private static boolean ended(TestNamespace ns, String name) {
        WorkflowInstance i = ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withName(name).get();
        return i != null && i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal();
    }

    private static List<WorkflowInstance> instances(TestNamespace ns) {
        return ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems();
    }

    private static boolean allEnded(TestNamespace ns) {
        List<WorkflowInstance> all = instances(ns);
        return all.size() == INSTANCES && all.stream().allMatch(i -> i.getStatus() != null && i.getStatus().phase != null
                && i.getStatus().phase.terminal());
    }
}
