package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.it.realnode.RealNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The operator as `helm install` runs it in a test's namespace on the local cluster's real node, with the image
 * `make image-push-local` put in the local registry: the values that say so, its pods, and what a developer needs
 * to read when it fails. Shared by the tests that install the chart for real (HelmInstallIT, FailoverIT).
 */
final class HelmOperator {
    static final String RELEASE = "baton";
    static final String SELECTOR = "app.kubernetes.io/instance=" + RELEASE;
    /** The tag `make image-push-local` pushes (RealNode.OPERATOR_IMAGE_PATH). */
    static final String TAG = RealNode.OPERATOR_IMAGE_PATH.split(":")[1];

    private HelmOperator() {
    }

    /**
     * The local registry the real node pulls from, once it holds the operator image; skips the test when the cluster
     * has no real node.
     */
    static String registryWithTheImage(TestNamespace ns) throws IOException, InterruptedException {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null,
                "the cluster has no real node: start it with BATON_REAL_NODE=true controller-tests/cluster/up.sh");
        String registry = RealNode.registry(ns.client());
        assertThat(RealNode.operatorImageDigest(registry)).as("%s/%s is in the local registry: push it with `make image-push-local`",
                registry, RealNode.OPERATOR_IMAGE_PATH).isNotNull();
        return registry;
    }

    /** The chart's values for the local cluster: its registry's image, on the real node, watching this namespace. */
    static String values(TestNamespace ns, String registry, String tag) {
        Map<String, String> images = RealNode.get(ns.client()).getMetadata().getAnnotations();
        return """
                image: {repository: %s/%s, tag: %s, pullPolicy: Always}
                watchNamespaces: [%s]
                nodeSelector: {%s: "true"}
                tolerations: [{key: %s, operator: Exists, effect: NoSchedule}]
                stepImages: {bash: "%s", python: "%s", sql: "%s"}
                """.formatted(registry, RealNode.OPERATOR_IMAGE_PATH.split(":")[0], tag,
                ns.name(), RealNode.LABEL, RealNode.TAINT, images.get(RealNode.BASH_IMAGE), images.get(RealNode.PYTHON_IMAGE),
                images.getOrDefault(RealNode.SQL_IMAGE, "localhost/baton/step-sql:bookworm-1"));
    }

    static List<Pod> pods(TestNamespace ns) {
        return ns.client().pods().inNamespace(ns.name()).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems();
    }

    static String logs(TestNamespace ns) {
        return ns.kubectl(null, "logs", "-l", SELECTOR, "--tail=-1").output();
    }

    /** Why the pods do not run or are not Ready, and what each replica (and its previous container) logged. */
    static String diagnostics(TestNamespace ns) {
        return String.join("\n", "===== [baton-it] helm-installed operator in " + ns.name() + " =====",
                ns.kubectl(null, "get", "deployment,replicaset,pods,leases", "-o", "wide").output(),
                ns.kubectl(null, "describe", "pods", "-l", SELECTOR).output(),
                ns.kubectl(null, "logs", "-l", SELECTOR, "--tail=150", "--prefix").output(),
                ns.kubectl(null, "logs", "-l", SELECTOR, "--tail=50", "--prefix", "--previous").output());
    }
}
