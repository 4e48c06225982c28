package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's pod policy (BATON_POD_POLICY_*): a workflow whose podTemplate asks for host access or an
 * unlisted service account is Valid=False naming each field and starts no pod, unless a cluster
 * administrator labelled its namespace baton.dev/pod-policy=unrestricted.
 */
@ExtendWith(BatonCluster.class)
class PodPolicyIT {
    private static final Duration END = Duration.ofSeconds(60);

    @Test
    void hostAccessAndUnlistedAccountsAreRefusedUnlessTheNamespaceOptsIn(TestNamespace ns) throws Exception {
        Path log = ns.file("controller-tests/target/operator-pod-policy.log");
        Files.deleteIfExists(log);
        OperatorProcess policed = new OperatorProcess(ns.file(""), BatonCluster.kubeconfig(), log,
                Map.of("BATON_POD_POLICY_ENABLED", "true", "BATON_POD_POLICY_SERVICE_ACCOUNTS", "default,etl"));
        ns.operator().stop();
        try {
            policed.start();
            ns.apply(workflow("host") + instance("host-1", "host") + workflow("plain").replace(HOST_ACCESS, "")
                    + instance("plain-1", "plain"));
            Condition valid = awaitValid(ns, "host");
            assertThat(valid.getStatus()).isEqualTo("False");
            assertThat(valid.getMessage()).contains(
                    "spec.defaults.podTemplate.spec.hostNetwork: the host's namespaces are refused",
                    "spec.steps[0].podTemplate.spec.volumes[0].hostPath: hostPath volumes are refused",
                    "spec.steps[0].podTemplate.spec.containers[0].securityContext.privileged: privileged containers are refused",
                    "spec.steps[0].podTemplate.spec.serviceAccountName: service account \"admin\" is not one the operator allows");
            assertThat(ns.awaitEnd("host-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
            assertThat(ns.awaitEnd("plain-1", END).getStatus().phase).as("what the policy allows runs").isEqualTo(InstancePhase.Succeeded);
            assertThat(ns.pods()).allSatisfy(p -> assertThat(p.getMetadata().getName()).startsWith("plain-1"));

            TestNamespace.Kubectl label = ns.kubectl(null, "label", "namespace", ns.name(), "baton.dev/pod-policy=unrestricted");
            assertThat(label.exitCode()).as(label.output()).isZero();
            // The namespace informer sees the label within moments; a workflow checked afterwards is allowed.
            Awaitility.await().atMost(END).untilAsserted(() -> {
                String name = "opted-" + System.nanoTime() % 100_000;
                ns.apply(workflow(name));
                assertThat(awaitValid(ns, name).getStatus()).isEqualTo("True");
            });
        } finally {
            policed.stop();
            ns.operator().start();
        }
    }

    private static Condition awaitValid(TestNamespace ns, String workflow) {
        Awaitility.await(workflow + " to get a verdict").atMost(END).until(() -> ns.workflow(workflow).getStatus() != null
                && ns.workflow(workflow).getStatus().conditions.stream().anyMatch(c -> c.getType().equals("Valid")));
        return ns.workflow(workflow).getStatus().conditions.stream().filter(c -> c.getType().equals("Valid")).findFirst().orElseThrow();
    }

    private static final String HOST_ACCESS = """
                  podTemplate:
                    spec:
                      serviceAccountName: admin
                      volumes: [{name: root, hostPath: {path: /}}]
                      containers: [{securityContext: {privileged: true}}]
            """;

    private static String workflow(String name) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: NAME}
                spec:
                  defaults: {podTemplate: {spec: {hostNetwork: HOST}}}
                  steps:
                    - name: s
                      bash: {script: "true"}
                """.replace("NAME", name).replace("HOST", name.equals("plain") ? "false" : "true") + HOST_ACCESS + "---\n";
    }

    private static String instance(String name, String workflow) {
        return "apiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: " + name + "}\nspec: {workflowRef: {name: "
                + workflow + "}}\n---\n";
    }
}
