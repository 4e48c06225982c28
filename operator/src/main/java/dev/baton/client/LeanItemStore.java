package dev.baton.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer cache that drops {@code metadata.managedFields} as objects arrive, as controller-runtime's
 * TransformStripManagedFields does: Baton never reads field ownership (its status writes are server-side
 * applies of fresh objects), and the field lists are often larger than the rest of a Job or Pod, costing
 * memory for every cached object and time each time JOSDK copies or hashes one.
 */
public class LeanItemStore<R extends HasMetadata> extends BasicItemStore<R> {
    public LeanItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public R put(String key, R obj) {
        if (obj.getMetadata() != null) {
            obj.getMetadata().setManagedFields(null);
        }
        return super.put(key, obj);
    }

    /** The store of the WorkflowInstance controller's own informer (an annotation needs a class). */
    public static final class OfInstances extends LeanItemStore<dev.baton.api.WorkflowInstance> {
    }
}
