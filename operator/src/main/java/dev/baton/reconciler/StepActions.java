package dev.baton.reconciler;

import dev.baton.api.ActionStatus;
import dev.baton.api.StepActionSpec;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Plan;
import dev.baton.engine.StepRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * spec.actions as the engine reads them, and status.actions as the record that makes each taken once:
 * an action whose id status records is never taken again, whatever passes, crashes and repeated applies
 * come. The record keeps the ids that spec.actions still lists (at most 100, as the schema allows), so it
 * stays bounded and an id removed from the spec and asked again is a new request.
 */
final class StepActions {
    private StepActions() {
    }

    /** The actions of the spec that status does not record, in the order listed. */
    static List<StepRequest> pending(WorkflowInstance instance) {
        var spec = instance.getSpec();
        if (spec == null || spec.actions == null || spec.actions.isEmpty()) {
            return List.of();
        }
        Set<String> taken = recordedIds(instance.getStatus());
        List<StepRequest> out = new ArrayList<>();
        for (StepActionSpec a : spec.actions) {
            if (a != null && a.id != null && !taken.contains(a.id)) {
                out.add(new StepRequest(a.id, kind(a.action), a.path, Boolean.TRUE.equals(a.descendants)));
            }
        }
        return out;
    }

    /** Steps of the current run whose Stop was taken here: their running attempt is their last. */
    static Set<String> noRetry(WorkflowInstanceStatus status) {
        Set<String> out = new HashSet<>();
        if (status == null || status.actions == null) {
            return out;
        }
        int run = InstanceStatusBuilder.run(status);
        for (ActionStatus a : status.actions) {
            if ("Stop".equals(a.action) && "Done".equals(a.outcome) && a.run != null && a.run == run && a.path != null) {
                out.add(a.path);
            }
        }
        return out;
    }

    /**
     * The record after a pass: what it had, what the pass took (in order), and only for ids the spec
     * still lists.
     */
    static List<ActionStatus> record(WorkflowInstance instance, List<Plan.ActionTaken> taken, int run, Instant now) {
        var old = instance.getStatus() == null ? null : instance.getStatus().actions;
        Set<String> listed = new HashSet<>();
        var spec = instance.getSpec();
        if (spec != null && spec.actions != null) {
            spec.actions.stream().filter(a -> a != null && a.id != null).forEach(a -> listed.add(a.id));
        }
        List<ActionStatus> out = new ArrayList<>();
        for (ActionStatus a : old == null ? List.<ActionStatus>of() : old) {
            if (listed.contains(a.id)) {
                out.add(a);
            }
        }
        for (Plan.ActionTaken t : taken) {
            ActionStatus a = new ActionStatus();
            a.id = t.request().id();
            a.action = t.request().kind() == null ? null : t.request().kind().name();
            a.path = t.request().path();
            a.outcome = t.outcome().name();
            a.message = StatusCodec.bounded(t.message());
            a.run = run;
            a.time = StatusCodec.text(now);
            out.add(a);
        }
        return out.isEmpty() ? null : out;
    }

    private static Set<String> recordedIds(WorkflowInstanceStatus status) {
        Set<String> out = new HashSet<>();
        if (status != null && status.actions != null) {
            status.actions.forEach(a -> out.add(a.id));
        }
        return out;
    }

    /** The kind, or null for one the schema let through but Baton does not know (refused by the engine). */
    private static StepRequest.Kind kind(String action) {
        return Arrays.stream(StepRequest.Kind.values()).filter(k -> k.name().equals(action)).findFirst().orElse(null);
    }
}
