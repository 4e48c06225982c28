package dev.baton.bench;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Workflows of the scenarios, as YAML. Step pods run `busybox` on a real node; on kwok no container
 * runs and a pod with no annotation completes 200 ms after it starts (controller-tests/cluster/stages).
 */
final class Workflows {
    private static final String STEP = "container: {image: \"busybox:1.36\"}";

    private Workflows() {
    }

    /** One container step; {@code instances} may run at once. */
    static String oneStep(String name, String executor, int instances) {
        return header(name, executor, instances) + "    - {name: only, " + STEP + "}\n";
    }

    /** {@code length} container steps, each depending on the one before; {@code instances} may run at once. */
    static String chain(String name, int length, String executor, int instances) {
        StringBuilder steps = new StringBuilder("    - {name: s0, " + STEP + "}\n");
        for (int i = 1; i < length; i++) {
            steps.append("    - {name: s").append(i).append(", dependsOn: [s").append(i - 1).append("], ").append(STEP).append("}\n");
        }
        return header(name, executor, instances) + steps;
    }

    /** A foreach over {@code iterations} values whose body is one container step. */
    static String fanout(String name, int iterations, int concurrency, String executor) {
        return header(name, executor, 1) + """
                    - name: each
                      foreach:
                        params: {i: %s}
                        concurrency: %d
                        steps: [{name: body, %s}]
                """.formatted(list(iterations), concurrency, STEP);
    }

    /**
     * A foreach of {@code iterations} noop bodies, none kept once finished. The cartesian product of two
     * lists, (iterations / 100) × 100, keeps the Workflow small.
     */
    static String noopForeach(String name, int iterations, int concurrency) {
        int inner = Math.min(100, iterations);
        return header(name, "Job", 1) + """
                    - name: each
                      foreach:
                        params: {a: %s, b: %s}
                        concurrency: %d
                        retention: 0
                        steps: [{name: body, noop: {}}]
                """.formatted(list(Math.max(1, iterations / inner)), list(inner), concurrency);
    }

    /** The default run strategy is Sequential (one instance at a time); a burst needs them all at once. */
    private static String header(String name, String executor, int instances) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: %s}
                spec:
                  runStrategy: {type: Parallel, concurrency: %d}
                  defaults: {executor: %s}
                  steps:
                """.formatted(name, instances, executor);
    }

    private static String list(int n) {
        return IntStream.range(0, n).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
