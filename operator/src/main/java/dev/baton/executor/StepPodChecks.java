package dev.baton.executor;

import dev.baton.engine.Json;
import dev.baton.engine.PodChecks;
import dev.baton.engine.model.FieldError;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
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
        ResourceRequirements parsed;
        try {
            parsed = Json.convert(resources, ResourceRequirements.class);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "not valid resource requirements: " + e.getMessage().lines().findFirst().orElse("")));
            return errors;
        }
        parsed.getAdditionalProperties().keySet().forEach(k -> errors.add(new FieldError(field + "." + k, "unknown field (known: claims, limits, requests)")));
        quantities(parsed.getLimits(), field + ".limits", errors);
        quantities(parsed.getRequests(), field + ".requests", errors);
        return errors;
    }

    private static void quantities(Map<String, Quantity> values, String field, List<FieldError> errors) {
        if (values == null) {
            return;
        }
        values.forEach((name, q) -> {
            try {
                if (q == null || q.getAmount() == null || q.getAmount().isEmpty()) {
                    throw new IllegalArgumentException("empty");
                }
                Quantity.getAmountInBytes(q);
            } catch (RuntimeException e) {
                errors.add(new FieldError(field + "." + name, "\"" + (q == null ? "" : q) + "\" is not a resource quantity such as 500m, 2 or 1Gi"));
            }
        });
    }
}
