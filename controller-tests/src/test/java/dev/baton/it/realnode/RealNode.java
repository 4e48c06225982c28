package dev.baton.it.realnode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test cluster's real node (controller-tests/cluster/realnode/, started by up.sh with
 * BATON_REAL_NODE=true or auto): kubelet, containerd and runc on this machine. Pods land on it only
 * when they select its label and tolerate its taint; it holds locally built step images and pulls only from
 * the local cluster's registry (cluster/registry.sh), where the operator image is pushed.
 */
public final class RealNode {
    public static final String NAME = "real-node";
    public static final String LABEL = "baton.dev/real-node";
    public static final String TAINT = "baton.dev/real-node";
    /** Node annotations naming the step images the node holds (see realnode/up.sh). */
    public static final String BASH_IMAGE = "baton.dev/step-bash-image";
    public static final String PYTHON_IMAGE = "baton.dev/step-python-image";
    /** The sql steps' runner image, and a PostgreSQL 15 server image (realnode/images.sh) to run them against. */
    public static final String SQL_IMAGE = "baton.dev/step-sql-image";
    public static final String POSTGRES_IMAGE = "baton.dev/postgres-image";
    public static final String NOTEBOOK_IMAGE = "baton.dev/step-notebook-image";
    /** Node annotation naming the local registry (HOST:PORT) the node pulls from (cluster/registry.sh). */
    static final String REGISTRY = "baton.dev/registry";
    /** Where `make image-push-local` (and `make test`) put the operator image in that registry (operator/image/image.env). */
    public static final String OPERATOR_IMAGE_PATH = "baton/operator:dev";

    /** A workflow's {@code podTemplate} that sends its step pods to the real node. */
    public static final String POD_TEMPLATE = "{spec: {nodeSelector: {" + LABEL + ": \"true\"}, tolerations: [{key: " + TAINT
            + ", operator: Exists, effect: NoSchedule}]}}";

    /** A workflow whose every step pod runs on the real node (steps: YAML list items, indented 4), and its instance NAME-1. */
    public static String workflow(String name, String steps) {
        return "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: " + name + "}\nspec:\n"
                + "  defaults: {podTemplate: " + POD_TEMPLATE + "}\n  steps:\n" + steps
                + "---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: " + name + "-1}\n"
                + "spec: {workflowRef: {name: " + name + "}}\n";
    }

    private RealNode() {
    }

    public static Node get(KubernetesClient client) {
        return client.nodes().withName(NAME).get();
    }

    /** The local registry the node pulls from, HOST:PORT, or null when the node names none. */
    public static String registry(KubernetesClient client) {
        Node node = get(client);
        Map<String, String> a = node == null ? null : node.getMetadata().getAnnotations();
        return a == null ? null : a.get(REGISTRY);
    }

    /**
     * The digest the registry (HOST:PORT) serves for the operator image's tag (its Docker-Content-Digest), null when
     * it has none: `make image-push-local` (or `make test`, `make realnode-test`) has not pushed it.
     */
    public static String operatorImageDigest(String registry) throws IOException, InterruptedException {
        String[] repoTag = OPERATOR_IMAGE_PATH.split(":");
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repoTag[0] + "/manifests/" + repoTag[1]))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                .build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(head, HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    /**
     * The operator settings that make bash, python, sql and notebook steps use the node's images, empty when the cluster
     * has no real node; a setting already in the environment wins.
     */
    public static Map<String, String> operatorEnv(KubernetesClient client) {
        Map<String, String> env = new LinkedHashMap<>();
        Node node = get(client);
        if (node == null || node.getMetadata().getAnnotations() == null) {
            return env;
        }
        Map<String, String> a = node.getMetadata().getAnnotations();
        if (a.containsKey(BASH_IMAGE) && System.getenv("BATON_STEP_BASH_IMAGE") == null) {
            env.put("BATON_STEP_BASH_IMAGE", a.get(BASH_IMAGE));
        }
        if (a.containsKey(PYTHON_IMAGE) && System.getenv("BATON_STEP_PYTHON_IMAGE") == null) {
            env.put("BATON_STEP_PYTHON_IMAGE", a.get(PYTHON_IMAGE));
        }
        if (a.containsKey(SQL_IMAGE) && System.getenv("BATON_STEP_SQL_IMAGE") == null) {
            env.put("BATON_STEP_SQL_IMAGE", a.get(SQL_IMAGE));
        }
        if (a.containsKey(NOTEBOOK_IMAGE) && System.getenv("BATON_STEP_NOTEBOOK_IMAGE") == null) {
            env.put("BATON_STEP_NOTEBOOK_IMAGE", a.get(NOTEBOOK_IMAGE));
        }
        return env;
    }
}
