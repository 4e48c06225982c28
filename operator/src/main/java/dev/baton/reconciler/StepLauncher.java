package dev.baton.reconciler;

import dev.baton.api.Executor;
import dev.baton.api.Step;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowSpec;
import dev.baton.engine.Plan;
import dev.baton.executor.ChildNames;
import dev.baton.executor.StepPodFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import com.google.common.util.concurrent.RateLimiter;
import dev.baton.executor.LaunchRate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries out a plan's launches and kills. Creating an object that exists counts as success, because
 * names are deterministic: that is what makes a repeated or crashed reconcile harmless.
 */
@ApplicationScoped
public class StepLauncher {
    private final KubernetesClient client;
    private final StepPodFactory pods;
    /** Shared by every reconcile thread: the whole operator creates at most this many objects a second. */
    private final RateLimiter rate;

    public StepLauncher(KubernetesClient client, StepPodFactory pods, LaunchRate launchRate) {
        this.client = client;
        this.pods = pods;
        this.rate = RateLimiter.create(launchRate.perSecond());
    }

    /** Creates the Job or Pod of each launch; returns the API's refusals by "step/attempt". */
    public Map<String, String> launch(WorkflowInstance instance, WorkflowSpec spec, Plan plan) {
        Map<String, String> refused = new HashMap<>();
        for (Plan.Launch launch : plan.launches()) {
            Step step = spec.steps.stream().filter(s -> s.name.equals(launch.step())).findFirst().orElseThrow();
            try {
                rate.acquire();
                create(instance, spec, step, launch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    refused.put(launch.step() + "/" + launch.attempt(), e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
                }
            }
        }
        return refused;
    }

    public void kill(WorkflowInstance instance, WorkflowSpec spec, Plan plan) {
        String ns = instance.getMetadata().getNamespace();
        for (Plan.Kill kill : plan.kills()) {
            String name = ChildNames.attempt(instance.getMetadata().getName(), kill.step(), kill.attempt());
            if (executorOf(spec, kill.step()) == Executor.Pod) {
                client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
            } else {
                client.batch().v1().jobs().inNamespace(ns).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
        }
    }

    static Executor executorOf(WorkflowSpec spec, String stepName) {
        Step step = spec.steps.stream().filter(s -> s.name.equals(stepName)).findFirst().orElse(null);
        if (step != null && step.executor != null) {
            return step.executor;
        }
        return spec.defaults != null && spec.defaults.executor != null ? spec.defaults.executor : Executor.Job;
    }

    private void create(WorkflowInstance instance, WorkflowSpec spec, Step step, Plan.Launch launch) {
        PodTemplateSpec template = pods.template(instance, spec, step, launch);
        var meta = StepPodFactory.metadata(instance, step.name, launch.attempt());
        if (executorOf(spec, step.name) == Executor.Pod) {
            Pod pod = new PodBuilder().withMetadata(meta).withSpec(template.getSpec()).build();
            pod.getMetadata().getLabels().putAll(template.getMetadata().getLabels());
            pod.getMetadata().setAnnotations(template.getMetadata().getAnnotations());
            client.pods().inNamespace(meta.getNamespace()).resource(pod).create();
        } else {
            Job job = new JobBuilder().withMetadata(meta)
                    .withNewSpec()
                    .withBackoffLimit(0) // Baton retries, with its own classes and backoff
                    .withTemplate(template)
                    .endSpec()
                    .build();
            client.batch().v1().jobs().inNamespace(meta.getNamespace()).resource(job).create();
        }
    }
}
