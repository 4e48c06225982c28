package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.model.Executor;
import dev.baton.engine.model.Step;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Attempts as bare Pods: half the API writes of a Job, and the pod's refusal comes back at once. */
public final class PodStepExecutor implements StepExecutor {
    private final KubernetesClient client;
    private final StepPodFactory pods;

    public PodStepExecutor(KubernetesClient client, StepPodFactory pods) {
        this.client = client;
        this.pods = pods;
    }

    @Override
    public Executor kind() {
        return Executor.Pod;
    }

    @Override
    public void launch(WorkflowInstance instance, Step step, Plan.Launch launch) {
        PodTemplateSpec template = pods.template(instance, step, launch);
        ObjectMeta meta = StepPodFactory.metadata(instance, step.name(), launch.attempt());
        Pod pod = new PodBuilder().withMetadata(meta).withSpec(template.getSpec()).build();
        pod.getMetadata().getLabels().putAll(template.getMetadata().getLabels());
        pod.getMetadata().setAnnotations(template.getMetadata().getAnnotations());
        client.pods().inNamespace(meta.getNamespace()).resource(pod).create();
    }

    @Override
    public void delete(WorkflowInstance instance, String pod, String uid) {
        Deletes.delete(client, "/api/v1/namespaces/" + instance.getMetadata().getNamespace() + "/pods/" + pod, uid, null, 0L);
    }
}
