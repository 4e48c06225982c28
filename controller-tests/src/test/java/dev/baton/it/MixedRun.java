package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The load of {@link ControlPlaneChaosIT}: instances of one workflow with a bit of everything, and
 * what each of them must end as. Per instance 31 steps run a pod (kwok-simulated, 1 s each), 300+ for
 * ten instances:
 * <pre>
 * prepare (noop) → fetch (Job) → build (Pod) → fan: foreach of 6 iterations (pre: Pod → post: Job)
 *                              → flaky (Pod, exits 3, one retry, onFailure: Ignore: two attempts)
 *                  build → sub: subworkflow `leaf` (one: Pod → two: Job), sync
 *                  sub → yes (when params.p >= 0, runs)   sub → no (when params.p < 0, Skipped)
 *                  fan → grid: 3 layers of 4, Job and Pod, each step after two of the layer before
 *                  grid's last layer, yes, flaky → done (noop)
 * </pre>
 */
final class MixedRun {
    static final int ITERATIONS = 6;
    static final int GRID_LAYERS = 3;
    static final int GRID_WIDTH = 4;
    private static final Set<String> ONE_ATTEMPT_STEPS = Set.of("fetch", "build", "yes");

    private MixedRun() {
    }

    static String yaml(int instances, int concurrency) {
        StringBuilder y = new StringBuilder("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: leaf}
                spec:
                  steps:
                    - {name: one, executor: Pod, bash: {script: "true"}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 1s}}}}
                    - {name: two, dependsOn: [one], executor: Job, bash: {script: "true"}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 1s}}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: mixed}
                spec:
                  runStrategy: {type: Parallel, concurrency: %d}
                  params:
                    p: {type: long, default: 1}
                  defaults:
                    podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 1s}}}
                  steps:
                    - {name: prepare, noop: {}}
                    - {name: fetch, dependsOn: [prepare], executor: Job, bash: {script: "true"}}
                    - {name: build, dependsOn: [fetch], executor: Pod, bash: {script: "true"}}
                    - name: flaky
                      dependsOn: [fetch]
                      executor: Pod
                      retry: {errors: 1, backoff: {type: Fixed, base: 1s}}
                      onFailure: Ignore
                      bash: {script: "exit 3"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
                    - name: fan
                      dependsOn: [build]
                      foreach:
                        params: {i: %s}
                        concurrency: 3
                        retention: %d
                        steps:
                          - {name: pre, executor: Pod, bash: {script: "true"}}
                          - {name: post, dependsOn: [pre], executor: Job, bash: {script: "true"}}
                    - {name: sub, dependsOn: [build], subworkflow: {workflow: leaf, sync: true}}
                    - {name: "yes", dependsOn: [{step: sub, when: "params.p >= 0"}], executor: Pod, bash: {script: "true"}}
                    - {name: "no", dependsOn: [{step: sub, when: "params.p < 0"}], executor: Pod, bash: {script: "true"}}
                """.formatted(concurrency, java.util.stream.IntStream.range(0, ITERATIONS).boxed().toList(), ITERATIONS));
        for (int layer = 0; layer < GRID_LAYERS; layer++) {
            for (int i = 0; i < GRID_WIDTH; i++) {
                String deps = layer == 0 ? "fan" : grid(layer - 1, i) + ", " + grid(layer - 1, (i + 1) % GRID_WIDTH);
                y.append("    - {name: ").append(grid(layer, i)).append(", dependsOn: [").append(deps).append("], executor: ")
                        .append(i % 2 == 0 ? "Job" : "Pod").append(", bash: {script: \"true\"}}\n");
            }
        }
        String last = java.util.stream.IntStream.range(0, GRID_WIDTH).mapToObj(i -> grid(GRID_LAYERS - 1, i)).collect(Collectors.joining(", "));
        y.append("    - {name: done, dependsOn: [").append(last).append(", \"yes\", flaky], noop: {}}\n");
        for (int n = 0; n < instances; n++) {
            y.append("---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: m-").append(n)
                    .append("}\nspec: {workflowRef: {name: mixed}}\n");
        }
        return y.toString();
    }

    private static String grid(int layer, int i) {
        return "g" + layer + "s" + i;
    }

    /** Leaf steps that run a pod, per instance of `mixed` and its children: flaky counts twice. */
    static int podsPerInstance() {
        return ONE_ATTEMPT_STEPS.size() + 2 + ITERATIONS * 2 + 2 + GRID_LAYERS * GRID_WIDTH;
    }

    /** What a top-level instance of `mixed` ends as when nothing goes wrong. */
    static void assertEndedAsExpected(WorkflowInstance root) {
        String name = root.getMetadata().getName();
        assertThat(root.getStatus().phase).as(name + ": " + root.getStatus().message).isEqualTo(InstancePhase.Succeeded);
        Map<String, StepStatus> steps = root.getStatus().steps.stream().collect(Collectors.toMap(s -> s.name, Function.identity()));
        assertThat(steps).as(name).hasSize(9 + GRID_LAYERS * GRID_WIDTH);
        steps.forEach((step, s) -> {
            String what = name + "/" + step;
            switch (step) {
                case "flaky" -> {
                    assertThat(s.phase).as(what).isEqualTo(StepPhase.CompletedWithError);
                    assertThat(s.attempts).as(what).hasSize(2).allSatisfy(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError));
                }
                case "no" -> assertThat(s.phase).as(what).isEqualTo(StepPhase.Skipped);
                case "fan" -> {
                    assertThat(s.phase).as(what).isEqualTo(StepPhase.Succeeded);
                    assertThat(s.foreach.succeeded).as(what).isEqualTo((long) ITERATIONS);
                }
                case "prepare", "sub", "done" -> assertThat(s.phase).as(what).isEqualTo(StepPhase.Succeeded);
                default -> assertSucceededOnce(what, s);
            }
        });
    }

    /** A loop iteration or subworkflow run: every step succeeded at its first attempt. */
    static void assertChildEndedAsExpected(WorkflowInstance child) {
        String name = child.getMetadata().getName();
        assertThat(child.getStatus().phase).as(name + ": " + child.getStatus().message).isEqualTo(InstancePhase.Succeeded);
        assertThat(child.getStatus().steps).as(name).hasSize(2).allSatisfy(s -> assertSucceededOnce(name + "/" + s.name, s));
    }

    private static void assertSucceededOnce(String what, StepStatus s) {
        assertThat(s.phase).as(what).isEqualTo(StepPhase.Succeeded);
        // Each attempt in words, so a failure says what ended the extra ones.
        List<String> attempts = s.attempts.stream().map(a -> a.number + " " + a.outcome + " " + a.reason + " " + a.startTime
                + ".." + a.completionTime + (a.message == null ? "" : " (" + a.message + ")")).toList();
        assertThat(attempts).as(what).singleElement().satisfies(a -> assertThat(a).startsWith("1 Succeeded "));
    }

    static List<String> topLevelNames(int instances) {
        return java.util.stream.IntStream.range(0, instances).mapToObj(n -> "m-" + n).toList();
    }
}
