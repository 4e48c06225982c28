package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;

/**
 * Sets an instance's spec.stop (a loop iteration stopped by its parent, every run of a workflow stopped at
 * once). The patch carries the uid seen in the cache: on an object that took the instance's name since, the
 * API server refuses it (uid is immutable) instead of stopping another's run.
 */
public final class StopPatch {
    private StopPatch() {
    }

    /** True when the stop was set; false when the instance is gone or its name was taken by another. */
    public static boolean set(KubernetesClient client, WorkflowInstance instance, String mode) {
        String patch = Json.write(Map.of("metadata", Map.of("uid", instance.getMetadata().getUid()), "spec", Map.of("stop", mode)));
        try {
            client.resources(WorkflowInstance.class).inNamespace(instance.getMetadata().getNamespace())
                    .withName(instance.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
            return false;
        }
    }
}
