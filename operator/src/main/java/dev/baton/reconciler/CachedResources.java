package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.Definition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A read-only view of the operator's informer caches for readers outside the reconcilers (the web
 * console): Workflows, instances and instance trees as the controllers see them, and the compiled
 * definition an instance runs. Nothing here asks the API server, except the one GET of a revision the
 * definition cache has not compiled yet (the same path a reconcile takes).
 */
@ApplicationScoped
public class CachedResources {
    private final InstanceIndex instances;
    private final WorkflowRevisions revisions;
    /** The Workflow controller's own cache, set once its event sources are prepared. */
    private volatile IndexerResourceCache<Workflow> workflows;

    public CachedResources(InstanceIndex instances, WorkflowRevisions revisions) {
        this.instances = instances;
        this.revisions = revisions;
    }

    void registerWorkflows(IndexerResourceCache<Workflow> cache) {
        this.workflows = cache;
    }

    /** True once both controllers' caches are set: before, an empty answer would mean "not read yet". */
    public boolean ready() {
        return instances.ready() && workflows != null;
    }

    public Stream<WorkflowInstance> instances() {
        return instances.all();
    }

    public Optional<WorkflowInstance> instance(String namespace, String name) {
        return instances.get(namespace, name);
    }

    /** Every member of the instance's tree (loop iterations and subworkflow runs, nested ones), itself included. */
    public List<WorkflowInstance> tree(WorkflowInstance instance) {
        return instances.treeOf(instance);
    }

    public Stream<Workflow> workflows() {
        var c = workflows;
        return c == null ? Stream.empty() : c.list();
    }

    public Optional<Workflow> workflow(String namespace, String name) {
        var c = workflows;
        return c == null ? Optional.empty() : c.get(new ResourceID(name, namespace));
    }

    /** Whether the instance is a loop iteration or subworkflow run (its parent shows it), not a run of its own. */
    public static boolean isChild(WorkflowInstance instance) {
        return InstanceTree.isChild(instance);
    }

    /** The workflow an instance (or the top of its tree) runs. */
    public static String workflowOf(WorkflowInstance instance) {
        return InstanceTree.workflow(instance);
    }

    /**
     * The graph the instance runs: its pinned revision's, or for a loop iteration the loop body's. Null
     * until the instance has pinned one, or when the revision is gone.
     */
    public Definition definition(WorkflowInstance instance) {
        String ns = instance.getMetadata().getNamespace();
        var body = instance.getSpec() == null ? null : instance.getSpec().body;
        if (body != null && body.revision != null) {
            Definition top = revisions.load(ns, body.revision);
            return top == null || body.path == null ? top : top.body(body.path);
        }
        String revision = instance.getStatus() == null ? null : instance.getStatus().revision;
        return revision == null ? null : revisions.load(ns, revision);
    }
}
