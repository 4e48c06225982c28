package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.Optional;

/** The caches and writes of one reconcile, through JOSDK's context and the instance controller's informers. */
final class JosdkInstanceContext implements InstanceContext {
    private final WorkflowInstance instance;
    private final Context<WorkflowInstance> context;

    JosdkInstanceContext(WorkflowInstance instance, Context<WorkflowInstance> context) {
        this.instance = instance;
        this.context = context;
    }

    @Override
    public Collection<Job> jobs() {
        return context.getSecondaryResources(Job.class);
    }

    @Override
    public Collection<Pod> pods() {
        return context.getSecondaryResources(Pod.class);
    }

    @Override
    public Collection<io.fabric8.kubernetes.api.model.GenericKubernetesResource> resources() {
        return context.getSecondaryResources(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    }

    @Override
    public Collection<WorkflowInstance> children() {
        return context.getSecondaryResources(WorkflowInstance.class);
    }

    @Override
    public Optional<Workflow> workflow(String name) {
        return informer(Workflow.class, WorkflowInstanceReconciler.WORKFLOWS)
                .get(new ResourceID(name, instance.getMetadata().getNamespace()));
    }

    @Override
    public WorkflowInstance patchStatus(WorkflowInstance fresh) {
        return PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, fresh, context);
    }

    @Override
    public void childCreated(WorkflowInstance child) {
        informer(WorkflowInstance.class, WorkflowInstanceReconciler.informerName(WorkflowInstance.class))
                .handleRecentResourceCreate(ResourceID.fromResource(instance), child);
    }

    @SuppressWarnings("unchecked")
    private <R extends io.fabric8.kubernetes.api.model.HasMetadata> InformerEventSource<R, WorkflowInstance> informer(
            Class<R> type, String name) {
        return (InformerEventSource<R, WorkflowInstance>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }
}
