package dev.baton.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Sets a condition in a list, keeping lastTransitionTime when the status did not change. */
final class Conditions {
    private Conditions() {
    }

    static List<Condition> set(List<Condition> current, ConditionType conditionType, boolean status, Enum<?> reason,
                               String message, Long generation, Instant now) {
        String type = conditionType.name();
        List<Condition> out = new ArrayList<>();
        String since = now.toString();
        String value = status ? "True" : "False";
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (type.equals(c.getType())) {
                if (value.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    since = c.getLastTransitionTime();
                }
            } else {
                out.add(c);
            }
        }
        out.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason.name())
                .withMessage(message == null ? "" : message).withObservedGeneration(generation)
                .withLastTransitionTime(since).build());
        return out;
    }

    /**
     * The conditions without one of this type: a Reconciled=False left by a failed reconcile goes once a
     * reconcile works, so a healthy object carries no condition about it.
     */
    static List<Condition> without(List<Condition> current, ConditionType type) {
        return current == null ? null : current.stream().filter(c -> !type.name().equals(c.getType())).toList();
    }
}
