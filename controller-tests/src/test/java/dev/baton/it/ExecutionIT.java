package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How steps run: failures and exit codes, the Pod executor, pinned revisions, and operator crashes. */
@ExtendWith(BatonCluster.class)
class ExecutionIT {
    private static final Duration END = Duration.ofSeconds(90);

    @Test
    void aFailingStepFailsTheInstanceWithItsExitCode(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: failing}
                spec:
                  steps:
                    - name: boom
                      retry: {errors: 0}
                      bash: {script: "exit 3"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
                    - {name: after, dependsOn: [boom], noop: {}}
                    - {name: independent, bash: {script: "true"}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: failing-1}
                spec: {workflowRef: {name: failing}}
                """);
        WorkflowInstance i = ns.awaitEnd("failing-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus boom = ns.step("failing-1", "boom");
        assertThat(boom.phase).isEqualTo(StepPhase.Failed);
        assertThat(boom.attempts).singleElement().satisfies(a -> {
            assertThat(a.exitCode).isEqualTo(3);
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
        });
        assertThat(i.getStatus().message).contains("boom", "exit code 3");
        assertThat(ns.step("failing-1", "after").phase).isEqualTo(StepPhase.Skipped);
        // FailAfterRunning, the default, lets independent branches finish.
        assertThat(ns.step("failing-1", "independent").phase).isEqualTo(StepPhase.Succeeded);
        assertThat(ns.kubectl(null, "get", "events").output()).contains("StepFailed", "InstanceFailed");
    }

    @Test
    void aUserErrorIsRetriedAsANewJobThenFails(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: retried}
                spec:
                  steps:
                    - name: flaky
                      retry: {errors: 1, backoff: {type: Fixed, base: 1s}}
                      bash: {script: "exit 5"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "5"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: retried-1}
                spec: {workflowRef: {name: retried}}
                """);
        ns.awaitPhase("retried-1", InstancePhase.Failed, END);
        StepStatus flaky = ns.step("retried-1", "flaky");
        assertThat(flaky.attempts).extracting(a -> a.job).containsExactly("retried-1-flaky-1", "retried-1-flaky-2");
        assertThat(flaky.attempts).allSatisfy(a -> assertThat(a.exitCode).isEqualTo(5));
        assertThat(ns.jobs()).hasSize(2);
    }

    @Test
    void aPodExecutorStepRunsAsABarePod(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: bare}
                spec:
                  steps:
                    - name: quick
                      executor: Pod
                      container: {image: "busybox:1.36", command: [echo, hi]}
                      podTemplate:
                        metadata: {labels: {team: data}, annotations: {kwok.baton.dev/message: '{"ok": true}'}}
                        spec: {nodeSelector: {type: kwok}, terminationGracePeriodSeconds: 5}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: bare-1}
                spec: {workflowRef: {name: bare}}
                """);
        WorkflowInstance i = ns.awaitEnd("bare-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.jobs()).isEmpty();
        Pod pod = ns.client().pods().inNamespace(ns.name()).withName("bare-1-quick-1").get();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("type", "kwok");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L);
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "data").containsEntry("baton.dev/step", "quick");
        assertThat(ns.step("bare-1", "quick").attempts.get(0).pod).isEqualTo("bare-1-quick-1");
        assertThat(ns.step("bare-1", "quick").outputs).containsEntry("ok", true);
    }

    @Test
    void editingAWorkflowDoesNotChangeARunningInstance(TestNamespace ns) {
        String v1 = """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: pinned}
                spec:
                  steps:
                    - name: slow
                      bash: {script: "sleep 3"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "4s"}}}
                    - name: second
                      dependsOn: [slow]
                      container: {image: "busybox:1.36", args: [VERSION]}
                """;
        ns.apply(v1.replace("VERSION", "v1") + """
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: pinned-1}
                spec: {workflowRef: {name: pinned}}
                """);
        ns.awaitPhase("pinned-1", InstancePhase.Running, END);
        String revision = ns.instance("pinned-1").getStatus().revision;
        ns.apply(v1.replace("VERSION", "v2"));
        Awaitility.await().atMost(END).until(() -> ns.workflow("pinned").getStatus() != null
                && !revision.equals(ns.workflow("pinned").getStatus().revision));
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: pinned-2}
                spec: {workflowRef: {name: pinned}}
                """);
        assertThat(ns.awaitEnd("pinned-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.awaitEnd("pinned-2", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.instance("pinned-1").getStatus().revision).isEqualTo(revision);
        assertThat(ns.instance("pinned-2").getStatus().revision).isNotEqualTo(revision);
        assertThat(args(ns, "pinned-1-second-1")).containsExactly("v1");
        assertThat(args(ns, "pinned-2-second-1")).containsExactly("v2");
        assertThat(ns.client().apps().controllerRevisions().inNamespace(ns.name()).list().getItems()).hasSize(2);
    }

    @Test
    void aKilledOperatorResumesWithoutDuplicatingOrLosingSteps(TestNamespace ns) throws Exception {
        StringBuilder steps = new StringBuilder();
        for (int s = 1; s <= 6; s++) {
            steps.append("    - name: s").append(s).append('\n');
            if (s > 1) {
                steps.append("      dependsOn: [s").append(s - 1).append("]\n");
            }
            steps.append("      bash: {script: \"true\"}\n")
                    .append("      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: \"1s\"}}}\n");
        }
        StringBuilder yaml = new StringBuilder("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: chain}
                spec:
                  runStrategy: {type: Parallel, concurrency: 5}
                  steps:
                """).append(steps);
        for (int n = 1; n <= 5; n++) {
            yaml.append("---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: chain-")
                    .append(n).append("}\nspec: {workflowRef: {name: chain}}\n");
        }
        ns.apply(yaml.toString());
        for (int round = 0; round < 3; round++) {
            Thread.sleep(1500 + round * 700L);
            ns.operator().kill();
            ns.operator().start();
        }
        for (int n = 1; n <= 5; n++) {
            WorkflowInstance i = ns.awaitEnd("chain-" + n, Duration.ofSeconds(120));
            assertThat(i.getStatus().phase).as("chain-%d", n).isEqualTo(InstancePhase.Succeeded);
            assertThat(i.getStatus().steps).allSatisfy(s -> assertThat(s.attempts).as(s.name).singleElement()
                    .satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Succeeded)));
        }
        Map<String, Long> jobsPerStep = ns.jobs().stream().collect(Collectors.groupingBy(
                j -> j.getMetadata().getLabels().get("baton.dev/instance") + "/" + j.getMetadata().getLabels().get("baton.dev/step"),
                Collectors.counting()));
        assertThat(jobsPerStep).hasSize(30).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
        assertThat(ns.pods()).hasSize(30);
    }

    private static List<String> args(TestNamespace ns, String job) {
        return ns.client().batch().v1().jobs().inNamespace(ns.name()).withName(job).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }
}
