package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.Optional;

/**
 * What one reconcile of an instance reads from the operator's caches and the two writes that must go
 * through them: JOSDK's informers in the operator ({@link JosdkInstanceContext}), plain collections in
 * tests that need no cluster.
 */
interface InstanceContext {
    /** The Jobs of the instance's attempts. */
    Collection<Job> jobs();

    /** The Pods of the instance's attempts. */
    Collection<Pod> pods();

    /** The objects of the instance's resource steps, of every kind the operator manages. */
    default Collection<io.fabric8.kubernetes.api.model.GenericKubernetesResource> resources() {
        return java.util.List.of();
    }

    /** The instance's child instances (loop iterations, subworkflow runs). */
    Collection<WorkflowInstance> children();

    /** A Workflow of the instance's namespace, as the cache holds it. */
    Optional<Workflow> workflow(String name);

    /**
     * Writes the status held by {@code fresh} (identity and status only) and keeps the result as the
     * cached instance, so the next reconcile never plans from an older status; returns what was written.
     */
    WorkflowInstance patchStatus(WorkflowInstance fresh);

    /** A child instance this reconcile created, put in the cache before its watch event arrives. */
    void childCreated(WorkflowInstance child);
}
