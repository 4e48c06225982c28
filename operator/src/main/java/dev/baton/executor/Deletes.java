package dev.baton.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes with a uid precondition, so the API server deletes the object Baton saw and not another that
 * took its name since (a user's pod named like an attempt, or a new object after a delete and create).
 * Fabric8's DSL cannot send preconditions, hence the plain request. A 404 (already gone) and a 409 (the
 * name now holds another object, which is not Baton's to delete) are both done.
 */
public final class Deletes {
    private Deletes() {
    }

    public static void delete(KubernetesClient client, String path, String uid, String propagation, Long graceSeconds) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("apiVersion", "v1");
        options.put("kind", "DeleteOptions");
        options.put("preconditions", Map.of("uid", uid));
        if (propagation != null) {
            options.put("propagationPolicy", propagation);
        }
        if (graceSeconds != null) {
            options.put("gracePeriodSeconds", graceSeconds);
        }
        try {
            client.raw(path, "DELETE", options);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }
}
