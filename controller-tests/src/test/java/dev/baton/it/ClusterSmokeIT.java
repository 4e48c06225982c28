package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the harness is a real control plane: the API server runs CEL validation, the Job controller,
 * scheduler and kwok carry a Job to its end, exit codes and termination messages arrive, platform
 * failures look like kubelet evictions, and the garbage collector follows owner references.
 */
@ExtendWith(BatonCluster.class)
class ClusterSmokeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theApiServerEnforcesCelValidationRules(TestNamespace ns) {
        String group = ns.name() + ".smoke.baton.dev";
        ns.apply("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.GROUP}
                spec:
                  group: GROUP
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              x-kubernetes-validations:
                                - {rule: "self.min <= self.max", message: "min must not exceed max"}
                              properties:
                                min: {type: integer}
                                max: {type: integer}
                """.replace("GROUP", group));
        try {
            Awaitility.await().atMost(WAIT).until(() -> ns.kubectl(null, "get", "widgets." + group).exitCode() == 0);
            String widget = "apiVersion: GROUP/v1\nkind: Widget\nmetadata: {name: w}\nspec: {min: MIN, max: 2}\n".replace("GROUP", group);
            TestNamespace.Kubectl refused = ns.kubectl(widget.replace("MIN", "5"), "apply", "-f", "-");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("min must not exceed max");
            assertThat(ns.kubectl(widget.replace("MIN", "1"), "apply", "-f", "-").exitCode()).isZero();
        } finally {
            ns.client().apiextensions().v1().customResourceDefinitions().withName("widgets." + group).delete();
        }
    }

    @Test
    void aJobWhosePodExitsWith7FailsWithThatExitCodeAndMessage(TestNamespace ns) {
        ns.apply(job("seven", "{kwok.baton.dev/exit-code: \"7\", kwok.baton.dev/message: \"it broke\"}"));
        Awaitility.await().atMost(WAIT).until(() -> condition(ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("seven").get(), "Failed"));
        Pod pod = onlyPod(ns, "seven");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(7);
        assertThat(terminated.getMessage()).isEqualTo("it broke");
    }

    @Test
    void aJobWithoutAnnotationsCompletesAndCarriesItsTerminationMessage(TestNamespace ns) {
        ns.apply(job("plain", "{kwok.baton.dev/message: '{\"rows\": 42}'}"));
        Awaitility.await().atMost(WAIT).until(() -> condition(ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("plain").get(), "Complete"));
        Pod pod = onlyPod(ns, "plain");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage()).isEqualTo("{\"rows\": 42}");
    }

    @Test
    void aPlatformFailureLooksLikeAnEviction(TestNamespace ns) {
        ns.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: evicted, annotations: {kwok.baton.dev/platform-failure: Evicted}}
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox}]
                """);
        Awaitility.await().atMost(WAIT).until(() -> {
            Pod p = ns.client().pods().inNamespace(ns.name()).withName("evicted").get();
            return p.getStatus() != null && "Failed".equals(p.getStatus().getPhase());
        });
        assertThat(ns.client().pods().inNamespace(ns.name()).withName("evicted").get().getStatus().getReason()).isEqualTo("Evicted");
    }

    @Test
    void deletingAJobGarbageCollectsItsPods(TestNamespace ns) {
        ns.apply(job("collected", "{kwok.baton.dev/duration: \"60s\"}"));
        Awaitility.await().atMost(WAIT).until(() -> ns.pods().size() == 1);
        ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("collected")
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
        Awaitility.await().atMost(WAIT).until(() -> ns.pods().isEmpty());
    }

    private static String job(String name, String annotations) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: NAME}
                spec:
                  backoffLimit: 0
                  template:
                    metadata: {annotations: ANNOTATIONS}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox}]
                """.replace("NAME", name).replace("ANNOTATIONS", annotations);
    }

    private static boolean condition(Job job, String type) {
        return job != null && job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Pod onlyPod(TestNamespace ns, String job) {
        var pods = ns.client().pods().inNamespace(ns.name()).withLabel("job-name", job).list().getItems();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }
}
