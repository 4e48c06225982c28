package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step pods meet the `restricted` Pod Security Standard: in a namespace that enforces it, the API
 * server's PodSecurity admission (on in the test cluster, as in any Kubernetes >= 1.25) would refuse
 * any other pod.
 */
@ExtendWith(BatonCluster.class)
class PodSecurityIT {
    private static final Duration END = Duration.ofSeconds(90);

    @Test
    void stepsRunInANamespaceThatEnforcesTheRestrictedProfile(TestNamespace ns) {
        TestNamespace.Kubectl label = ns.kubectl(null, "label", "namespace", ns.name(),
                "pod-security.kubernetes.io/enforce=restricted", "pod-security.kubernetes.io/enforce-version=latest");
        assertThat(label.exitCode()).as(label.output()).isZero();
        // The control: admission does refuse an ordinary pod here, so the run below proves something.
        assertThatThrownBy(() -> ns.client().pods().inNamespace(ns.name()).resource(new PodBuilder()
                        .withNewMetadata().withName("plain").endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec()
                        .build()).dryRun().create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("violates PodSecurity \"restricted");
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: restricted}
                spec:
                  steps:
                    - {name: shell, bash: {script: "echo hi"}}
                    - {name: py, dependsOn: [shell], python: {script: "print(1)"}}
                    - {name: bare, executor: Pod, container: {image: "busybox:1.36", command: [echo, hi]}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: restricted-1}
                spec: {workflowRef: {name: restricted}}
                """);
        assertThat(ns.awaitEnd("restricted-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        Job job = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("restricted-1-shell-1").get();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }
}
