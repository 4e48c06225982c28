package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The instances this operator caches, grouped for the decisions that look past one instance: the other
 * top-level instances of a workflow (run strategies, stepConcurrency, queue depth) and the members of
 * an instance tree (instanceStepConcurrency). The groups are informer indexes on the controller's own
 * cache, so they cost no request and follow every add, change and delete.
 */
@ApplicationScoped
public class InstanceIndex {
    static final String WORKFLOW = "baton.dev/workflow";
    static final String TREE = "baton.dev/tree";

    /** The controller's cache, set once when its event sources are prepared; nothing is cached before. */
    private volatile IndexedResourceCache<WorkflowInstance> cache;

    /** Adds the two indexes to the controller's cache and reads from it from now on. */
    void register(IndexerResourceCache<WorkflowInstance> primary) {
        primary.addIndexers(Map.<String, Function<WorkflowInstance, List<String>>>of(
                TREE, i -> List.of(InstanceTree.treeKey(i)),
                // Loop iterations and subworkflow runs are their parent's business, not the queue's.
                WORKFLOW, i -> InstanceTree.isChild(i) ? List.of() : List.of(InstanceTree.workflowKey(i))));
        this.cache = primary;
    }

    /** The other top-level instances of the instance's workflow (all of them, whatever their phase). */
    List<WorkflowInstance> othersOfWorkflow(WorkflowInstance me) {
        var c = cache;
        if (c == null) {
            return List.of();
        }
        String name = me.getMetadata().getName();
        return c.byIndex(WORKFLOW, InstanceTree.workflowKey(me)).stream()
                .filter(i -> !i.getMetadata().getName().equals(name))
                .toList();
    }

    /** The top-level instances of a workflow (all of them, whatever their phase). */
    List<WorkflowInstance> ofWorkflow(String namespace, String workflow) {
        var c = cache;
        return c == null ? List.of() : c.byIndex(WORKFLOW, namespace + "/" + workflow);
    }

    /** Every member of the instance's tree, itself included. */
    List<WorkflowInstance> treeOf(WorkflowInstance me) {
        var c = cache;
        return c == null ? List.of() : c.byIndex(TREE, InstanceTree.treeKey(me));
    }

    /** Whether the cache still holds this very instance (same uid), i.e. it was not deleted. */
    boolean holds(ResourceID id, String uid) {
        var c = cache;
        return c == null || c.get(id).map(i -> uid.equals(i.getMetadata().getUid())).orElse(false);
    }

    /** True once the cache is set: before, "no instance" would mean "not read yet". */
    boolean ready() {
        return cache != null;
    }

    /** The cached instance of this name in the namespace, if any. */
    Optional<WorkflowInstance> get(String namespace, String name) {
        var c = cache;
        return c == null || name == null ? Optional.empty() : c.get(new ResourceID(name, namespace));
    }

    /** Every cached instance, for counts across all of them. */
    Stream<WorkflowInstance> all() {
        var c = cache;
        return c == null ? Stream.empty() : c.list();
    }
}
