package dev.baton.it.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.it.BatonCluster;
import dev.baton.it.TestNamespace;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator image as users get it: built by Jib (operator/image/), pushed to a registry (the local
 * cluster's, cluster/registry.sh), pulled by a real node's containerd over plain HTTP, and run non-root
 * with a read-only root filesystem. `make test` and `make realnode-test` push the build under test
 * first (`make image-push-local` does it by hand). The pod runs the operator itself, watching the test's
 * namespace, with the in-cluster configuration every in-cluster client has: the {@code kubernetes}
 * Service's address (routed by the node's kube-proxy), its ServiceAccount's token, and the cluster's CA,
 * which the API server's certificate must satisfy for that address.
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class OperatorImageIT {
    private static final long LIMIT = 512L << 20;
    /** The operator's HTTP port (Quarkus's default, the chart's metrics port). */
    private static final int PORT = 8080;

    private String registry;

    @BeforeEach
    void needsARealNodeWithItsRegistry(TestNamespace ns) throws Exception {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null,
                "the cluster has no real node: start it with BATON_REAL_NODE=true controller-tests/cluster/up.sh");
        registry = RealNode.registry(ns.client());
        assertThat(registry).as("the real node names its registry (node annotation %s)", RealNode.REGISTRY).isNotBlank();
        assertThat(RealNode.operatorImageDigest(registry)).as("%s/%s is in the local registry: push it with `make image-push-local`",
                registry, RealNode.OPERATOR_IMAGE_PATH).isNotNull();
    }

    private String pod(String image, String namespace) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: operator-image}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: ServiceAccount, name: default, namespace: %s}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: operator-image}
                spec:
                  restartPolicy: Never
                  nodeSelector: {%s: "true"}
                  tolerations: [{key: %s, operator: Exists, effect: NoSchedule}]
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: operator
                    image: %s
                    imagePullPolicy: Always
                    env:
                    - {name: QUARKUS_OPERATOR_SDK_NAMESPACES, value: %s}
                    readinessProbe:
                      httpGet: {path: /q/health/ready, port: %d}
                      periodSeconds: 2
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: %d}}
                    securityContext:
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [ALL]}
                    volumeMounts: [{name: tmp, mountPath: /tmp}]
                  volumes: [{name: tmp, emptyDir: {}}]
                """.formatted(namespace, RealNode.LABEL, RealNode.TAINT, image, namespace, PORT, LIMIT);
    }

    @Test
    void theRealNodePullsTheOperatorImageFromTheLocalRegistryAndRunsItReadOnlyAsNonRoot(TestNamespace ns) throws Exception {
        String image = registry + "/" + RealNode.OPERATOR_IMAGE_PATH;
        String digest = RealNode.operatorImageDigest(registry);
        ns.apply(pod(image, ns.name()));

        Awaitility.await("the operator pod to be Ready (its controllers started)").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1)).until(() -> Readiness.isPodReady(
                        ns.client().pods().inNamespace(ns.name()).withName("operator-image").get()));
        Pod pod = ns.client().pods().inNamespace(ns.name()).withName("operator-image").get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(RealNode.NAME);
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        assertThat(status.getState().getRunning()).as("running: %s", status.getState()).isNotNull();
        assertThat(status.getImageID()).as("the image the node ran is the one the registry serves")
                .isEqualTo(registry + "/" + RealNode.OPERATOR_IMAGE_PATH.split(":")[0] + "@" + digest);
        assertThat(ns.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
                .filter(e -> "operator-image".equals(e.getInvolvedObject().getName())).map(Event::getReason))
                .as("the kubelet pulled it (pull policy Always)").contains("Pulling", "Pulled");

        assertThat(exec(ns, "id", "-u")).as("non-root UID").isEqualTo("185");
        String log = ns.kubectl(null, "logs", "operator-image").output();
        assertThat(log).contains("'workflowinstance' controller started", "Listening on: http://0.0.0.0:" + PORT)
                .doesNotContain("ERROR");
        assertThat(exec(ns, "printenv", "KUBERNETES_SERVICE_HOST"))
                .as("the API server's address the kubelet gave the pod: the kubernetes Service's")
                .isEqualTo(ns.client().services().inNamespace("default").withName("kubernetes").get().getSpec().getClusterIP());

        // Health, and a heap sized from the container's memory limit (the image's -XX:MaxRAMPercentage=75; the
        // JVM's default would be 25%), from the pod's IP (this machine routes the node's pod subnet).
        String ip = pod.getStatus().getPodIP();
        assertThat(get(ip, "health/ready")).contains("\"workflowinstance\": \"OK\"");
        double heap = heapMaxBytes(get(ip, "metrics"));
        assertThat(heap / LIMIT).as("heap max %s of a %s limit", heap, LIMIT).isBetween(0.6, 0.8);
    }

    /**
     * The last line kubectl exec printed in the operator pod: kubectl may write a line of its own before it
     * ("websocket.go: Unknown stream id 1, discarding message"), to the stderr the test reads with stdout.
     */
    private static String exec(TestNamespace ns, String... command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("exec", "operator-image", "--"));
        args.addAll(java.util.List.of(command));
        String[] lines = ns.kubectl(null, args.toArray(String[]::new)).output().trim().split("\n");
        return lines[lines.length - 1].trim();
    }

    private static String get(String ip, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + ":" + PORT + "/q/" + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of jvm_memory_max_bytes over the heap's pools, from Prometheus text. */
    private static double heapMaxBytes(String metrics) {
        Matcher m = Pattern.compile("(?m)^jvm_memory_max_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            sum += v > 0 ? v : 0;
        }
        return sum;
    }
}
