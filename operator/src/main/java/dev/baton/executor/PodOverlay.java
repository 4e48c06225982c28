package dev.baton.executor;

import dev.baton.engine.Json;
import dev.baton.engine.model.FieldError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a user's partial PodSpec over the one Baton builds: maps merge key by key, other values
 * replace, and the first entry of {@code containers} merges into the step container. Unknown fields
 * are refused with their path, so a typo never disappears silently.
 */
public final class PodOverlay {
    /** Lists that the overlay extends rather than replaces, so Baton's own entries stay. */
    private static final java.util.Set<String> APPENDED = java.util.Set.of("env", "volumeMounts", "volumes", "tolerations");

    private PodOverlay() {
    }

    /** Problems of a partial PodSpec written at {@code field}: what does not parse, and unknown fields. */
    public static List<FieldError> check(Map<String, Object> spec, String field) {
        List<FieldError> errors = new ArrayList<>();
        try {
            PodSpec parsed = Json.convert(spec, PodSpec.class);
            unknown(parsed.getAdditionalProperties(), field, errors);
            List<Container> containers = parsed.getContainers() == null ? List.of() : parsed.getContainers();
            for (int i = 0; i < containers.size(); i++) {
                if (containers.get(i) == null) { // containers: [null], or a YAML "- " with nothing after it
                    errors.add(new FieldError(field + ".containers[" + i + "]", "must be an object"));
                } else {
                    unknown(containers.get(i).getAdditionalProperties(), field + ".containers[" + i + "]", errors);
                }
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "not a valid partial PodSpec: " + e.getMessage().lines().findFirst().orElse("")));
        }
        return errors;
    }

    private static void unknown(Map<String, Object> extra, String field, List<FieldError> errors) {
        if (extra != null) {
            extra.keySet().forEach(k -> errors.add(new FieldError(field + "." + k, "unknown field of a PodSpec")));
        }
    }

    /** The pod spec with the overlays applied in order (workflow defaults first, then the step's). */
    public static PodSpec apply(PodSpec base, List<Map<String, Object>> overlays) {
        Map<String, Object> merged = Json.convert(base, Map.class);
        for (Map<String, Object> overlay : overlays) {
            if (overlay != null) {
                merged = merge(merged, overlay);
            }
        }
        return Json.convert(merged, PodSpec.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            Object current = out.get(key);
            if ("containers".equals(key) && current instanceof List<?> mine && value instanceof List<?> theirs && !theirs.isEmpty()) {
                List<Object> containers = new ArrayList<>(mine);
                containers.set(0, merge((Map<String, Object>) mine.get(0), (Map<String, Object>) theirs.get(0)));
                containers.addAll(theirs.subList(1, theirs.size()));
                out.put(key, containers);
            } else if (APPENDED.contains(key) && current instanceof List<?> mine && value instanceof List<?> theirs) {
                List<Object> both = new ArrayList<>(mine);
                both.addAll(theirs);
                out.put(key, both);
            } else if (current instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
                out.put(key, merge((Map<String, Object>) a, (Map<String, Object>) b));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }
}
