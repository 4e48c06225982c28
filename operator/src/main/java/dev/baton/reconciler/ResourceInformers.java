package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import dev.baton.executor.ManagedKinds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GroupVersionKindPlural;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.Set;

/**
 * One informer per kind of object resource steps may create (the operator's resourceKinds), watching only
 * Baton's objects (its managed-by label) and waking the instance a label names. An object's work is in its
 * status: a change of status, or the start of its deletion, wakes the instance; its controller's edits of
 * metadata or spec do not.
 */
final class ResourceInformers {
    private ResourceInformers() {
    }

    static InformerEventSource<GenericKubernetesResource, WorkflowInstance> of(ManagedKinds.Kind kind,
                                                                                EventSourceContext<WorkflowInstance> context) {
        GroupVersionKind gvk = GroupVersionKindPlural.gvkWithPlural(new GroupVersionKind(kind.group(), kind.version(), kind.kind()),
                kind.plural());
        var config = InformerEventSourceConfiguration.from(gvk, WorkflowInstance.class)
                .withName((kind.group().isEmpty() ? kind.plural() : kind.plural() + "." + kind.group()) + "-of-instances")
                .withLabelSelector(Labels.SELECTOR)
                .withSecondaryToPrimaryMapper(o -> {
                    String instance = o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(Labels.INSTANCE);
                    return instance == null ? Set.of() : Set.of(new ResourceID(instance, o.getMetadata().getNamespace()));
                })
                .withOnUpdateFilter((old, o) -> !Objects.equals(old.getAdditionalProperties().get("status"), o.getAdditionalProperties().get("status"))
                        || (old.getMetadata().getDeletionTimestamp() == null) != (o.getMetadata().getDeletionTimestamp() == null));
        return new InformerEventSource<>(config.build(), context);
    }
}
