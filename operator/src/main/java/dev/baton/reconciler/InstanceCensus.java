package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Instances counted in one pass over the cache: by namespace and phase, and the top-level instances of
 * each workflow waiting to start (its queue). An instance not reconciled yet has no phase and counts as
 * Pending. Counting from the cache, rather than keeping a phase per instance as reconciles see them, costs
 * no memory per instance and forgets a deleted instance as soon as the informer does.
 */
final class InstanceCensus {
    static final InstanceCensus EMPTY = new InstanceCensus(Map.of(), Map.of());

    /** Instances per (namespace, phase name); a namespace is present when it has any instance. */
    private final Map<Key, Integer> byPhase;
    /** Waiting top-level instances per (namespace, workflow); present when the workflow has any. */
    private final Map<Key, Integer> waiting;

    private InstanceCensus(Map<Key, Integer> byPhase, Map<Key, Integer> waiting) {
        this.byPhase = byPhase;
        this.waiting = waiting;
    }

    static InstanceCensus of(Stream<WorkflowInstance> instances) {
        Map<Key, Integer> byPhase = new HashMap<>();
        Map<Key, Integer> waiting = new HashMap<>();
        instances.forEach(i -> {
            String namespace = i.getMetadata().getNamespace();
            InstancePhase phase = i.getStatus() == null || i.getStatus().phase == null ? InstancePhase.Pending : i.getStatus().phase;
            byPhase.merge(new Key(namespace, phase.name()), 1, Integer::sum);
            if (!InstanceTree.isChild(i)) {
                boolean waits = phase == InstancePhase.Pending || phase == InstancePhase.Queued;
                waiting.merge(new Key(namespace, InstanceTree.workflow(i)), waits ? 1 : 0, Integer::sum);
            }
        });
        return new InstanceCensus(byPhase, waiting);
    }

    int instances(String namespace, InstancePhase phase) {
        return byPhase.getOrDefault(new Key(namespace, phase.name()), 0);
    }

    boolean hasInstances(String namespace) {
        for (InstancePhase phase : InstancePhase.values()) {
            if (byPhase.containsKey(new Key(namespace, phase.name()))) {
                return true;
            }
        }
        return false;
    }

    /** Top-level instances of the workflow waiting to start. */
    int waiting(String namespace, String workflow) {
        return waiting.getOrDefault(new Key(namespace, workflow), 0);
    }

    /** Whether the workflow has any top-level instance, waiting or not. */
    boolean hasInstances(String namespace, String workflow) {
        return waiting.containsKey(new Key(namespace, workflow));
    }

    /** A namespace and a name: a phase for instance counts, a workflow for queues. */
    record Key(String namespace, String name) {
    }
}
