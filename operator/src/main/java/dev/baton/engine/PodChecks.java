package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import java.util.List;
import java.util.Map;

/**
 * Checks of the parts of a step that are Kubernetes objects (a partial PodSpec, resource requirements),
 * which only the executor knows how to read. The compiler calls them for every leaf step, loop bodies
 * included, so such a mistake is a field error of the workflow rather than a refused pod later.
 */
public interface PodChecks {
    /** No checks: for tests of the engine alone. */
    PodChecks NONE = new PodChecks() {
        @Override
        public List<FieldError> podSpec(Map<String, Object> spec, String field) {
            return List.of();
        }

        @Override
        public List<FieldError> resources(Map<String, Object> resources, String field) {
            return List.of();
        }
    };

    /** Problems of a partial PodSpec written at {@code field}. */
    List<FieldError> podSpec(Map<String, Object> spec, String field);

    /** Problems of a container's resource requirements written at {@code field}. */
    List<FieldError> resources(Map<String, Object> resources, String field);

    /**
     * Problems of a resource step's manifest written at {@code field}, whose apiVersion and kind are given: by
     * default none (the CLI's offline check does not know which kinds an operator manages).
     */
    default List<FieldError> manifest(Map<String, Object> manifest, String apiVersion, String kind, String field) {
        return List.of();
    }
}
