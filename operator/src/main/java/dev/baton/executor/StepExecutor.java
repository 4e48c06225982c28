package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.model.Executor;
import dev.baton.engine.model.Step;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Runs the attempts of leaf steps as one kind of Kubernetes object. Names are deterministic
 * ({@link ChildNames#attempt}), so creating an attempt that exists is a 409 the caller treats as done.
 */
public interface StepExecutor {
    /** Which {@code executor:} value this is. */
    Executor kind();

    /** Creates the object of one attempt; throws the API server's refusal. */
    void launch(WorkflowInstance instance, Step step, Plan.Launch launch) throws KubernetesClientException;

    /** Deletes the object of a running attempt, so it stops now. */
    default void kill(WorkflowInstance instance, String step, int attempt) {
        delete(instance, ChildNames.attempt(instance.getMetadata().getName(), step, attempt));
    }

    /** Deletes one of the instance's objects of this kind by name. */
    void delete(WorkflowInstance instance, String name);
}
