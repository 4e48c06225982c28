package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.function.Function;

/**
 * Changes a list of an instance's spec (actions, breakpoints, resumeSteps) without losing another
 * writer's change: a JSON merge patch replaces a list whole, so the patch carries the resourceVersion it
 * was computed from, and a conflict (someone wrote in between) reads the instance again and retries.
 */
final class SpecLists {
    private static final int ATTEMPTS = 5;

    private SpecLists() {
    }

    /**
     * Writes {@code field} of the instance's spec as {@code change} computes it from the instance as it is;
     * returns the instance as written.
     */
    static WorkflowInstance update(Cluster cluster, String instance, String field, Function<WorkflowInstance, Object> change) {
        for (int attempt = 1; ; attempt++) {
            WorkflowInstance current = cluster.instance(instance);
            Object value = change.apply(current);
            String patch = Json.write(Map.of("metadata", Map.of("resourceVersion", current.getMetadata().getResourceVersion()),
                    "spec", Map.of(field, value)));
            try {
                return cluster.instances().inNamespace(cluster.namespace()).withName(instance)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
