package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the attempts of a resource step from their objects, as {@code AttemptReader} reads a leaf step's from
 * its Jobs and Pods: the step's failureCondition, then its successCondition, evaluated over {@code object}.
 * With that, a resource step runs as a leaf step does ({@link LeafRunner}): deterministic names per attempt,
 * adoption after a crash, retries by class, timeouts.
 *
 * <p>An object says nothing at first (a new JobSet has no status yet), so a condition that cannot be evaluated
 * ("no such key 'status'") is not met, and the attempt's message says why: a condition that never becomes
 * evaluable shows it in status while its timeout runs.
 */
final class ResourceAttempts {
    static final String VARIABLE = "object";
    private final Expressions expressions;

    ResourceAttempts(Expressions expressions) {
        this.expressions = expressions;
    }

    /** The step's attempts whose objects the cluster shows, by number; null when there are none. */
    Map<Integer, Attempt> of(Step step, RunState run) {
        Map<Integer, ObservedObject> objects = run.resources().get(step.name());
        if (objects == null || objects.isEmpty()) {
            return null;
        }
        Map<Integer, Attempt> out = new TreeMap<>();
        objects.forEach((number, o) -> out.put(number, attempt(step.resource(), number, o)));
        return out;
    }

    Attempt attempt(StepAction.Resource r, int number, ObservedObject o) {
        Map<String, Object> vars = Map.of(VARIABLE, o.object());
        String unknown = null;
        if (r.failureCondition() != null) {
            try {
                if (expressions.condition(r.failureCondition(), vars)) {
                    return new Attempt(number, AttemptOutcome.UserError, o.created(), o.seen(), null, "FailureCondition",
                            "failureCondition " + r.failureCondition() + " is true" + statusMessage(o.object()), null);
                }
            } catch (ExpressionException e) {
                unknown = "failureCondition: " + e.getMessage();
            }
        }
        try {
            if (expressions.condition(r.successCondition(), vars)) {
                return new Attempt(number, AttemptOutcome.Succeeded, o.created(), o.seen(), null, "SuccessCondition", null, Map.of());
            }
        } catch (ExpressionException e) {
            unknown = unknown == null ? "successCondition: " + e.getMessage() : unknown;
        }
        if (o.deleting()) {
            return new Attempt(number, AttemptOutcome.PlatformError, o.created(), o.seen(), null, "Deleted",
                    "its " + r.kind() + " was deleted before it ended", null);
        }
        return new Attempt(number, AttemptOutcome.Running, o.created(), null, null, null,
                unknown == null ? null : "not ended yet: " + unknown, null);
    }

    /**
     * The message of the object's condition that says it failed, as most controllers write one (JobSet's
     * Failed, a Job's Failed, Kubeflow's Failed): the reason a user reads first.
     */
    private static String statusMessage(Map<String, Object> object) {
        if (!(object.get("status") instanceof Map<?, ?> status) || !(status.get("conditions") instanceof java.util.List<?> conditions)) {
            return "";
        }
        for (Object c : conditions) {
            if (c instanceof Map<?, ?> m && "Failed".equals(m.get("type")) && "True".equals(m.get("status"))
                    && m.get("message") instanceof String message && !message.isBlank()) {
                return ": " + message;
            }
        }
        return "";
    }
}
