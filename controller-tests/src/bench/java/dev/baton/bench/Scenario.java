package dev.baton.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** One benchmark scenario. A run gets a fresh namespace and returns its figures by name. */
interface Scenario {
    /** Short name used on the command line (SCENARIOS), in the table and in the JSON. */
    String name();

    /** What a run does, for the table's heading. */
    String description();

    /** Steps (or, for the raw limit, bare Jobs or Pods) one run completes: the unit of "per step". */
    int steps();

    /** False for the raw limit, which runs with no operator at all. */
    boolean usesOperator();

    Map<String, Double> run(Context context) throws Exception;

    /** What a run may use: the cluster, its own namespace, and the operator (null when not used). */
    record Context(KubernetesClient client, String namespace, OperatorUnderTest operator) {
    }
}
