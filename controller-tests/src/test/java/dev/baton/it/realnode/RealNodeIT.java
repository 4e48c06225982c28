package dev.baton.it.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.it.BatonCluster;
import dev.baton.it.TestNamespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steps that really run: kubelet, containerd and runc execute the step containers on the cluster's real
 * node, so scripts, exit codes, outputs, OOM kills and timeouts are those of real processes, not of
 * kwok's stages. Skipped when the cluster has no real node (start it with `BATON_REAL_NODE=true
 * controller-tests/cluster/up.sh`; `make realnode-test` does).
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class RealNodeIT {
    private static final Duration END = Duration.ofSeconds(90);

    @BeforeEach
    void needsARealNode(TestNamespace ns) {
        Node node = RealNode.get(ns.client());
        Assumptions.assumeTrue(node != null,
                "the cluster has no real node: start it with BATON_REAL_NODE=true controller-tests/cluster/up.sh");
        assertThat(RealNode.operatorEnv(ns.client()).keySet().stream()
                .filter(k -> k.equals("BATON_STEP_BASH_IMAGE") || k.equals("BATON_STEP_PYTHON_IMAGE")).count() + envImages())
                .as("the real node names its images (node annotations %s, %s) or the environment sets them",
                        RealNode.BASH_IMAGE, RealNode.PYTHON_IMAGE)
                .isEqualTo(2);
    }

    private static Pod pod(TestNamespace ns, String instance, String step, int attempt) {
        return ns.pods().stream()
                .filter(p -> step.equals(p.getMetadata().getLabels().get("baton.dev/step"))
                        && String.valueOf(attempt).equals(p.getMetadata().getLabels().get("baton.dev/attempt")))
                .findFirst().orElseThrow(() -> new AssertionError("no pod of " + instance + "/" + step + " attempt " + attempt));
    }

    @Test
    void aBashScriptWritesItsOutputsAndItsLogs(TestNamespace ns) {
        ns.apply(RealNode.workflow("extract", """
                    - name: extract
                      bash:
                        script: |
                          echo "counting rows as $(id -u) on $(uname -s)"
                          echo '{"rows": 42}' > "$BATON_OUTPUT"
                """));
        assertThat(ns.awaitEnd("extract-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("extract-1", "extract").outputs).containsEntry("rows", 42);

        Pod pod = pod(ns, "extract-1", "extract", 1);
        assertThat(pod.getSpec().getNodeName()).isEqualTo(RealNode.NAME);
        assertThat(pod.getStatus().getContainerStatuses().get(0).getImageID()).as("a real image digest").startsWith("sha256:");
        assertThat(pod.getSpec().getContainers().get(0).getImage()).as("the operator's bash image is the node's")
                .isEqualTo(RealNode.get(ns.client()).getMetadata().getAnnotations().get(RealNode.BASH_IMAGE));
        TestNamespace.Kubectl logs = ns.kubectl(null, "logs", pod.getMetadata().getName());
        assertThat(logs.exitCode()).as(logs.output()).isZero();
        assertThat(logs.output()).contains("counting rows as 1000 on Linux");
    }

    @Test
    void aPythonStepsOutputsBecomeTheNextStepsArguments(TestNamespace ns) {
        ns.apply(RealNode.workflow("count", """
                    - name: count
                      python:
                        script: |
                          import json, os
                          words = "a real python step".split()
                          json.dump({"words": len(words), "first": words[0]}, open(os.environ["BATON_OUTPUT"], "w"))
                    - name: report
                      dependsOn: [count]
                      container:
                        image: IMAGE
                        command: [bash, -c, 'echo "got $1 $2"; printf "{\\"line\\": \\"%s %s\\"}" "$1" "$2" > "$BATON_OUTPUT"', report]
                        args: ["${steps.count.outputs.words}", "${steps.count.outputs.first}"]
                """.replace("IMAGE", bashImage(ns))));
        assertThat(ns.awaitEnd("count-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("count-1", "count").outputs).containsEntry("words", 4).containsEntry("first", "a");
        assertThat(ns.step("count-1", "report").outputs).containsEntry("line", "4 a");
        assertThat(ns.kubectl(null, "logs", pod(ns, "count-1", "report", 1).getMetadata().getName()).output()).contains("got 4 a");
    }

    @Test
    void aNonZeroExitIsAUserErrorRetriedThenFailed(TestNamespace ns) {
        ns.apply(RealNode.workflow("exit3", """
                    - name: s
                      retry: {errors: 1, backoff: {type: Fixed, base: 1s}}
                      bash: {script: "echo failing; exit 3"}
                """));
        assertThat(ns.awaitEnd("exit3-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        List<AttemptStatus> attempts = ns.step("exit3-1", "s").attempts;
        assertThat(attempts).hasSize(2).allSatisfy(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.exitCode).isEqualTo(3);
            assertThat(a.reason).isEqualTo("Error");
        });
    }

    @Test
    void aStepOverItsMemoryLimitIsOomKilledAndThatIsAUserError(TestNamespace ns) {
        ns.apply(RealNode.workflow("hog", """
                    - name: s
                      retry: {errors: 0}
                      python:
                        script: |
                          print("allocating 256 MiB", flush=True)
                          hog = bytearray(256 * 1024 * 1024)
                          print("still alive")
                        resources: {limits: {memory: 64Mi}}
                """));
        assertThat(ns.awaitEnd("hog-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.step("hog-1", "s").attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.reason).isEqualTo("OOMKilled");
            assertThat(a.exitCode).isEqualTo(137);
        });
    }

    @Test
    void aStepPastItsTimeoutHasItsContainerKilled(TestNamespace ns) {
        // The node runs on this machine, so the step's process is visible here by its command line.
        String marker = "baton-timeout-" + ns.name();
        ns.apply(RealNode.workflow("slow", """
                    - name: s
                      timeout: 5s
                      bash: {script: "echo started; sleep 600; echo never # MARKER"}
                """.replace("MARKER", marker)));
        Awaitility.await("the step's process to run").atMost(END).until(() -> processes(marker) > 0);
        assertThat(ns.awaitEnd("slow-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus s = ns.step("slow-1", "s");
        assertThat(s.attempts).singleElement().satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Timeout));
        Awaitility.await("the step's process to be killed").atMost(Duration.ofSeconds(60)).until(() -> processes(marker) == 0);
        Awaitility.await("the step's pod to be gone").atMost(END).until(() -> ns.pods().isEmpty());
    }

    private static long processes(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .count();
    }

    private static int envImages() {
        return (System.getenv("BATON_STEP_BASH_IMAGE") == null ? 0 : 1) + (System.getenv("BATON_STEP_PYTHON_IMAGE") == null ? 0 : 1);
    }

    private static String bashImage(TestNamespace ns) {
        return RealNode.get(ns.client()).getMetadata().getAnnotations().get(RealNode.BASH_IMAGE);
    }
}
