package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.StepAction;
import java.util.Map;
import java.util.Set;

/**
 * Reads a resource step: a manifest with a literal apiVersion and kind (the operator must know, before any run,
 * which kinds a workflow creates, to refuse those it may not manage), and boolean CEL conditions over
 * {@code object}. What the cluster would refuse (a kind the operator does not manage, a name Baton must give)
 * is for {@link PodChecks#manifest}, which knows the operator's settings.
 */
final class ResourceStepReader {
    private static final Set<String> FIELDS = SpecFields.keys("manifest", "successCondition", "failureCondition", "deleteOnFinish");

    private ResourceStepReader() {
    }

    static StepAction.Resource read(SpecFields s, LeafSettings settings, Expressions expressions, PodChecks checks) {
        s.only(FIELDS);
        Map<String, Object> manifest = s.anyMap("manifest");
        String apiVersion = null;
        String kind = null;
        if (manifest == null) {
            if (!s.has("manifest")) {
                s.errors().add(new FieldError(s.field("manifest"), "a manifest is required: the Kubernetes object the step creates"));
            }
        } else {
            SpecFields m = SpecFields.of(manifest, s.field("manifest"), s.errors());
            apiVersion = literal(m, "apiVersion");
            kind = literal(m, "kind");
            if (apiVersion != null && kind != null) {
                s.errors().addAll(checks.manifest(manifest, apiVersion, kind, s.field("manifest")));
            }
        }
        String success = condition(s, "successCondition", expressions);
        if (success == null && !s.has("successCondition")) {
            s.errors().add(new FieldError(s.field("successCondition"), "a successCondition is required: CEL over object"
                    + " that is true once the object's work succeeded, such as object.status.conditions.exists(c,"
                    + " c.type == 'Completed' && c.status == 'True')"));
        }
        String failure = condition(s, "failureCondition", expressions);
        return new StepAction.Resource(manifest == null ? Map.of() : manifest, apiVersion, kind, success, failure,
                Boolean.TRUE.equals(s.bool("deleteOnFinish")), settings.timeout(), settings.retryPolicy());
    }

    /** apiVersion and kind: required, and written out, because they decide what the operator may create. */
    private static String literal(SpecFields m, String key) {
        String value = m.string(key);
        if (value == null || value.isBlank()) {
            if (value != null || !m.has(key)) {
                m.errors().add(new FieldError(m.field(key), "the manifest needs its " + key + " (every Kubernetes object has one)"));
            }
            return null;
        }
        if (value.contains("${")) {
            m.errors().add(new FieldError(m.field(key), "must be written out, not an ${expression}: the operator checks"
                    + " which kinds a workflow creates when it reads the workflow"));
            return null;
        }
        return value;
    }

    private static String condition(SpecFields s, String key, Expressions expressions) {
        String condition = s.string(key);
        if (condition == null) {
            return null;
        }
        try {
            expressions.checkCondition(condition, Set.of(ResourceAttempts.VARIABLE));
            return condition;
        } catch (ExpressionException e) {
            s.errors().add(new FieldError(s.field(key), e.getMessage()));
            return null;
        }
    }
}
