package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;

/**
 * The one status write of a reconcile: skipped when nothing changed, sent as server-side apply of a
 * fresh object holding only identity and status, and kept in JOSDK's cache so the next reconcile never
 * plans from a status older than the one just written (Argo's duplicate-pod bug).
 */
final class StatusPatch {
    private StatusPatch() {
    }

    static UpdateControl<WorkflowInstance> apply(WorkflowInstance instance, WorkflowInstanceStatus status,
                                                 Context<WorkflowInstance> context, Instant wakeAt, Instant now) {
        if (!InstanceStatuses.same(status, instance.getStatus())) {
            WorkflowInstance fresh = new WorkflowInstance();
            fresh.setMetadata(new ObjectMetaBuilder()
                    .withName(instance.getMetadata().getName())
                    .withNamespace(instance.getMetadata().getNamespace())
                    .build());
            fresh.setStatus(status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, fresh, context);
        }
        return defer(instance, status, wakeAt, now);
    }

    /**
     * What a write does besides writing: the budgets of the next passes count this status's running
     * steps, and the instance comes back at {@code wakeAt}. Alone, for a status left unwritten.
     */
    static UpdateControl<WorkflowInstance> defer(WorkflowInstance instance, WorkflowInstanceStatus status,
                                                 Instant wakeAt, Instant now) {
        InstanceQueue.written(instance, status);
        UpdateControl<WorkflowInstance> control = UpdateControl.noUpdate();
        if (wakeAt != null && !status.phase.terminal()) {
            control.rescheduleAfter(Math.max(100, Duration.between(now, wakeAt).toMillis() + 50));
        }
        return control;
    }
}
