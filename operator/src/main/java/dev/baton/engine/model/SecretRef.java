package dev.baton.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reference to one key of a Secret in the instance's namespace: what a secret param holds instead of
 * its value. The operator never reads the Secret; the reference travels (status, loop iterations,
 * subworkflow children) and only the step's pod resolves it, as an env var from the Secret. So the value
 * cannot reach a status, an Event, a log line or a metric: Baton never has it.
 *
 * <p>Outside the engine it is written as {@code {secretKeyRef: {name, key}}}, the shape of a Kubernetes
 * env var's {@code valueFrom}, which is also how a parent hands it to a subworkflow child.
 */
public record SecretRef(String name, String key) {
    public static final String FIELD = "secretKeyRef";

    /** The reference as JSON: {@code {secretKeyRef: {name, key}}}. */
    public Map<String, Object> json() {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("name", name);
        ref.put("key", key);
        return Map.of(FIELD, ref);
    }

    /** The reference a JSON value holds, or null when it is not exactly {@code {secretKeyRef: {name, key}}} with strings. */
    public static SecretRef from(Object value) {
        if (!(value instanceof Map<?, ?> outer) || outer.size() != 1 || !(outer.get(FIELD) instanceof Map<?, ?> ref)
                || ref.size() != 2 || !(ref.get("name") instanceof String name) || !(ref.get("key") instanceof String key)) {
            return null;
        }
        return new SecretRef(name, key);
    }

    /** For messages: the Secret and key, never a value (there is none). */
    @Override
    public String toString() {
        return "Secret " + name + ", key " + key;
    }
}
