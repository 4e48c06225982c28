package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The controller's informer cache as tests need it: instances by id, with indexes kept as they change. */
class InMemoryInstanceCache implements IndexerResourceCache<WorkflowInstance> {
    private final Map<ResourceID, WorkflowInstance> instances = new LinkedHashMap<>();
    private final Map<String, Function<WorkflowInstance, List<String>>> indexers = new HashMap<>();
    private final Map<String, Map<String, Set<ResourceID>>> indexes = new HashMap<>();

    /** Adds or replaces an instance, as an informer event would. */
    synchronized void put(WorkflowInstance i) {
        remove(i);
        ResourceID id = ResourceID.fromResource(i);
        instances.put(id, i);
        indexers.forEach((name, f) -> f.apply(i).forEach(key ->
                indexes.get(name).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id)));
    }

    /** Drops an instance, as a delete event would. */
    synchronized void remove(WorkflowInstance i) {
        ResourceID id = ResourceID.fromResource(i);
        WorkflowInstance old = instances.remove(id);
        if (old != null) {
            indexers.forEach((name, f) -> f.apply(old).forEach(key -> {
                Set<ResourceID> ids = indexes.get(name).get(key);
                ids.remove(id);
                if (ids.isEmpty()) {
                    indexes.get(name).remove(key);
                }
            }));
        }
    }

    @Override
    public synchronized void addIndexers(Map<String, Function<WorkflowInstance, List<String>>> added) {
        indexers.putAll(added);
        added.keySet().forEach(name -> indexes.put(name, new HashMap<>()));
        // Index what is held already; put() would first unindex it from the new, still empty indexes.
        List<WorkflowInstance> held = List.copyOf(instances.values());
        instances.clear();
        held.forEach(this::put);
    }

    @Override
    public synchronized List<WorkflowInstance> byIndex(String name, String key) {
        return indexes.get(name).getOrDefault(key, Set.of()).stream().map(instances::get).toList();
    }

    @Override
    public synchronized Optional<WorkflowInstance> get(ResourceID id) {
        return Optional.ofNullable(instances.get(id));
    }

    @Override
    public synchronized Stream<ResourceID> keys() {
        return List.copyOf(instances.keySet()).stream();
    }

    @Override
    public synchronized Stream<WorkflowInstance> list(Predicate<WorkflowInstance> predicate) {
        return List.copyOf(instances.values()).stream().filter(predicate);
    }

    @Override
    public synchronized Stream<WorkflowInstance> list(String namespace, Predicate<WorkflowInstance> predicate) {
        return list(i -> namespace.equals(i.getMetadata().getNamespace()) && predicate.test(i));
    }

    synchronized int size() {
        return instances.size();
    }
}
