package dev.baton.executor;

import dev.baton.engine.PodChecks;
import dev.baton.engine.model.FieldError;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The executor's checks of what a step adds to its pod, run by the workflow compiler: a pod template
 * must be a partial PodSpec, resource requirements must parse, so the API server never refuses the pod
 * for a mistake that the workflow's Valid condition could have named.
 */
public final class StepPodChecks implements PodChecks {
    @Override
    public List<FieldError> podSpec(Map<String, Object> spec, String field) {
        return PodOverlay.check(spec, field);
    }

    @Override
    public List<FieldError> resources(Map<String, Object> resources, String field) {
        List<FieldError> errors = new ArrayList<>();
        resources.forEach((key, value) -> {
            switch (key) {
                case "limits", "requests" -> quantities(value, field + "." + key, errors);
                case "claims" -> {
                    if (!(value instanceof List<?>)) {
                        errors.add(new FieldError(field + ".claims", "must be a list of {name}"));
                    }
                }
                default -> errors.add(new FieldError(field + "." + key, "unknown field (known: claims, limits, requests)"));
            }
        });
        return errors;
    }

    /** Each value must be a quantity the API server accepts: 500m, 2, 1Gi, 1e3. */
    private static void quantities(Object values, String field, List<FieldError> errors) {
        if (!(values instanceof Map<?, ?> map)) {
            errors.add(new FieldError(field, "must be an object of resource name to quantity"));
            return;
        }
        map.forEach((name, q) -> {
            String text = q instanceof Number || q instanceof String ? String.valueOf(q) : null;
            try {
                if (text == null || text.isBlank()) {
                    throw new IllegalArgumentException("empty");
                }
                Quantity.getAmountInBytes(new Quantity(text));
            } catch (RuntimeException e) {
                errors.add(new FieldError(field + "." + name, "\"" + (q == null ? "" : q) + "\" is not a resource quantity such as 500m, 2 or 1Gi"));
            }
        });
    }
}
