package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.SecretRef;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A child instance (loop iteration, subworkflow run) may be handed Secret references, and only by its
 * parent: each one must be a reference the parent itself holds in its resolved params. Anyone who may
 * create instances could otherwise write a child look-alike, with the parent label and an owner reference
 * to a real parent, whose params point a Workflow's secret param at any Secret of the namespace. So every
 * Secret reference still comes from a Workflow's declaration.
 */
final class ParentSecretRefs {
    private ParentSecretRefs() {
    }

    /** The child's Secret references its parent does not hold, each naming its field; empty when all check out. */
    static List<FieldError> check(WorkflowInstance child, Optional<WorkflowInstance> parent) {
        List<FieldError> refused = new ArrayList<>();
        if (child.getSpec() == null) {
            return refused;
        }
        Set<SecretRef> held = parent.filter(p -> Objects.equals(p.getMetadata().getUid(), controllerUid(child)))
                .map(ParentSecretRefs::held).orElse(Set.of());
        String name = child.getMetadata().getLabels() == null ? null : child.getMetadata().getLabels().get(Labels.PARENT);
        unheld(child.getSpec().params, "spec.params", held, name, refused);
        unheld(child.getSpec().inheritedParams, "spec.inheritedParams", held, name, refused);
        return refused;
    }

    private static void unheld(Map<String, Object> given, String field, Set<SecretRef> held, String parent, List<FieldError> refused) {
        if (given == null) {
            return;
        }
        given.forEach((k, v) -> {
            SecretRef ref = SecretRef.from(v);
            if (ref != null && !held.contains(ref)) {
                refused.add(new FieldError(field + "." + k, "a Secret reference that the parent instance " + parent
                        + " does not hold: only a Workflow's declaration names a Secret"));
            }
        });
    }

    private static Set<SecretRef> held(WorkflowInstance parent) {
        Set<SecretRef> held = new HashSet<>();
        if (parent.getStatus() != null && parent.getStatus().params != null) {
            parent.getStatus().params.values().forEach(v -> {
                SecretRef ref = SecretRef.from(v);
                if (ref != null) {
                    held.add(ref);
                }
            });
        }
        return held;
    }

    private static String controllerUid(WorkflowInstance child) {
        List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
        return owners == null ? null : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController()))
                .map(OwnerReference::getUid).findFirst().orElse(null);
    }
}
