package dev.baton.executor;

import dev.baton.engine.PodChecks;
import dev.baton.engine.model.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The executor's pod checks, and a resource step's manifest checked against what the operator may do: its kind
 * must be one it manages (the chart grants exactly those), and Baton alone names the object and places it, so
 * that its name is deterministic (adopted after a crash, never created twice) and its owner the instance.
 */
public final class ResourceManifestChecks implements PodChecks {
    private final PodChecks pods;
    private final ManagedKinds kinds;

    public ResourceManifestChecks(PodChecks pods, ManagedKinds kinds) {
        this.pods = pods;
        this.kinds = kinds;
    }

    @Override
    public List<FieldError> podSpec(Map<String, Object> spec, String field) {
        return pods.podSpec(spec, field);
    }

    @Override
    public List<FieldError> resources(Map<String, Object> resources, String field) {
        return pods.resources(resources, field);
    }

    @Override
    public List<FieldError> manifest(Map<String, Object> manifest, String apiVersion, String kind, String field) {
        List<FieldError> errors = new ArrayList<>();
        if (kinds.find(apiVersion, kind).isEmpty()) {
            errors.add(new FieldError(field + ".kind", kind + " (" + apiVersion + ") is not a kind this operator may manage"
                    + " (its resourceKinds setting lists: " + kinds + "); a cluster administrator adds it to the chart's resourceKinds"));
        }
        if (manifest.get("metadata") instanceof Map<?, ?> metadata) {
            for (String key : List.of("name", "generateName", "namespace", "ownerReferences")) {
                if (metadata.get(key) != null) {
                    errors.add(new FieldError(field + ".metadata." + key, "is set by Baton: the object is named"
                            + " <instance>-<step>-<attempt> in the instance's namespace and owned by the instance"));
                }
            }
        } else if (manifest.get("metadata") != null) {
            errors.add(new FieldError(field + ".metadata", "must be an object"));
        }
        return errors;
    }
}
