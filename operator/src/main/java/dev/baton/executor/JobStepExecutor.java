package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.model.Executor;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Attempts as Jobs (the default): the Job controller creates the pod, and reports pods it cannot create. */
public final class JobStepExecutor implements StepExecutor {
    /** The prefix of Kueue's labels, copied from a queued step's pod template to its Job. */
    static final String KUEUE_LABELS = "kueue.x-k8s.io/";
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
        Job job = job(instance, step, launch);
        client.batch().v1().jobs().inNamespace(instance.getMetadata().getNamespace()).resource(job).create();
    }

    /** The Job of one attempt. */
    Job job(WorkflowInstance instance, Step step, Plan.Launch launch) {
        PodTemplateSpec template = pods.template(instance, step, launch);
        String queue = step.leaf().queue();
        if (queue != null) {
            template.getMetadata().getLabels().put(StepAction.Leaf.QUEUE_LABEL, queue); // the step's own wins
        }
        Job job = new JobBuilder().withMetadata(StepPodFactory.metadata(instance, step.name(), launch.attempt()))
                .withNewSpec()
                .withBackoffLimit(0) // Baton retries, with its own classes and backoff
                // A queued Job is created suspended, as Kueue's own Job webhook would make it: Kueue admits
                // it by unsuspending it, so Baton needs no webhook of Kueue's in the way of its Jobs.
                .withSuspend(queue != null ? Boolean.TRUE : null)
                .withTemplate(template)
                .endSpec()
                .build();
        if (queue != null) {
            // Kueue reads its labels (queue, priority class) from the Job, not from its pods.
            template.getMetadata().getLabels().forEach((k, v) -> {
                if (k.startsWith(KUEUE_LABELS)) {
                    job.getMetadata().getLabels().putIfAbsent(k, v);
                }
            });
            job.getMetadata().getLabels().put(StepAction.Leaf.QUEUE_LABEL, queue);
        }
        return job;
    }

    /** Deletes one of the instance's Jobs, its pods with it. */
    @Override
    public void delete(WorkflowInstance instance, String job, String uid) {
        Deletes.delete(client, "/apis/batch/v1/namespaces/" + instance.getMetadata().getNamespace() + "/jobs/" + job, uid,
                "Background", null);
    }
}
