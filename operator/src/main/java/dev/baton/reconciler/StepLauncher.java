package dev.baton.reconciler;

import com.google.common.util.concurrent.RateLimiter;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Executor;
import dev.baton.engine.model.Step;
import dev.baton.executor.LaunchRate;
import dev.baton.executor.ResourceStepObjects;
import dev.baton.executor.StepExecutor;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries out a plan's launches, and the deletes of attempts that ended, through the step's {@link StepExecutor}. Creating an object
 * that exists counts as success, because names are deterministic: that is what makes a repeated or
 * crashed reconcile harmless.
 */
@ApplicationScoped
public class StepLauncher {
    private final Map<Executor, StepExecutor> executors = new EnumMap<>(Executor.class);
    /** Shared by every reconcile thread: the whole operator creates at most this many objects a second. */
    private final RateLimiter rate;

    private final ResourceStepObjects resources;

    public StepLauncher(Instance<StepExecutor> executors, LaunchRate launchRate, ResourceStepObjects resources) {
        this.resources = resources;
        executors.forEach(e -> this.executors.put(e.kind(), e));
        this.rate = RateLimiter.create(launchRate.perSecond());
    }

    /**
     * Creates the Job or Pod of each launch; returns the API's refusals by "step/attempt". A create whose
     * outcome is unknown (no answer, or a timeout after which the object may exist) is no refusal: after the
     * other launches it fails the reconcile, and the retried reconcile creates the same name again, which
     * either creates it or finds it (409). Ending that attempt instead would start the next one beside a
     * Job or Pod that may be running: a step run twice (seen when connections to the API server broke).
     */
    public Map<String, Refusal> launch(WorkflowInstance instance, Definition definition, Plan plan) {
        Map<String, Refusal> refused = new HashMap<>();
        KubernetesClientException unknown = null;
        for (Plan.Launch launch : plan.launches()) {
            Step step = definition.step(launch.step());
            try {
                rate.acquire();
                if (launch.manifest() != null) {
                    resources.create(instance, step, launch);
                } else {
                    executors.get(step.leaf().executor()).launch(instance, step, launch);
                }
            } catch (KubernetesClientException e) {
                if (Refusal.outcomeUnknown(e)) {
                    unknown = e;
                } else if (e.getCode() != 409) {
                    refused.put(launch.step() + "/" + launch.attempt(), Refusal.of(e));
                }
            }
        }
        if (unknown != null) {
            throw unknown;
        }
        return refused;
    }

    /** Deletes a resource step's object whose attempt has ended (see {@link LeftoverResources}). */
    public void delete(WorkflowInstance instance, io.fabric8.kubernetes.api.model.GenericKubernetesResource object) {
        resources.delete(instance, object);
    }

    /** Deletes an attempt's Job or Pod that runs on though its attempt has ended (or was never recorded). */
    public void delete(WorkflowInstance instance, LeftoverAttempts leftover) {
        executors.get(leftover.job() ? Executor.Job : Executor.Pod).delete(instance, leftover.name(), leftover.uid());
    }

    /** The executor of a step's attempts; Job for steps that have none. */
    static Executor executorOf(Definition definition, String stepName) {
        Step step = definition.step(stepName);
        return step == null || step.leaf() == null ? Executor.Job : step.leaf().executor();
    }
}
