package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.model.Executor;
import dev.baton.engine.model.Step;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Attempts as Jobs (the default): the Job controller creates the pod, and reports pods it cannot create. */
public final class JobStepExecutor implements StepExecutor {
    private final KubernetesClient client;
    private final StepPodFactory pods;

    public JobStepExecutor(KubernetesClient client, StepPodFactory pods) {
        this.client = client;
        this.pods = pods;
    }

    @Override
    public Executor kind() {
        return Executor.Job;
    }

    @Override
    public void launch(WorkflowInstance instance, Step step, Plan.Launch launch) {
        PodTemplateSpec template = pods.template(instance, step, launch);
        Job job = new JobBuilder().withMetadata(StepPodFactory.metadata(instance, step.name(), launch.attempt()))
                .withNewSpec()
                .withBackoffLimit(0) // Baton retries, with its own classes and backoff
                .withTemplate(template)
                .endSpec()
                .build();
        client.batch().v1().jobs().inNamespace(instance.getMetadata().getNamespace()).resource(job).create();
    }

    /** Deletes one of the instance's Jobs, its pods with it. */
    @Override
    public void delete(WorkflowInstance instance, String job, String uid) {
        Deletes.delete(client, "/apis/batch/v1/namespaces/" + instance.getMetadata().getNamespace() + "/jobs/" + job, uid,
                "Background", null);
    }
}
