package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The one status write of a reconcile: skipped when nothing changed, sent as server-side apply of a
 * fresh object holding only identity and status, and kept in JOSDK's cache so the next reconcile never
 * plans from a status older than the one just written (Argo's duplicate-pod bug).
 */
@ApplicationScoped
public class StatusPatch {
    private final StepBudget budget;

    public StatusPatch(StepBudget budget) {
        this.budget = budget;
    }

    UpdateControl<WorkflowInstance> apply(WorkflowInstance instance, WorkflowInstanceStatus status,
                                          Context<WorkflowInstance> context, Instant wakeAt, Instant now) {
        // The version that holds the status: the write's, or the read one's when nothing changed.
        String version = instance.getMetadata().getResourceVersion();
        if (!InstanceStatuses.same(status, instance.getStatus())) {
            WorkflowInstance fresh = new WorkflowInstance();
            fresh.setMetadata(new ObjectMetaBuilder()
                    .withName(instance.getMetadata().getName())
                    .withNamespace(instance.getMetadata().getNamespace())
                    .build());
            fresh.setStatus(status);
            WorkflowInstance written = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, fresh, context);
            version = written == null ? null : written.getMetadata().getResourceVersion();
        }
        return after(instance, status, version, wakeAt, now);
    }

    /**
     * What a write does besides writing, for a status left unwritten (held back): the budgets of the next
     * passes count its running steps, and the instance comes back at {@code wakeAt}.
     */
    UpdateControl<WorkflowInstance> defer(WorkflowInstance instance, WorkflowInstanceStatus status,
                                          Instant wakeAt, Instant now) {
        return after(instance, status, null, wakeAt, now);
    }

    private UpdateControl<WorkflowInstance> after(WorkflowInstance instance, WorkflowInstanceStatus status, String version,
                                                  Instant wakeAt, Instant now) {
        budget.written(instance, status, version);
        UpdateControl<WorkflowInstance> control = UpdateControl.noUpdate();
        if (wakeAt != null && !status.phase.terminal()) {
            control.rescheduleAfter(Math.max(100, Duration.between(now, wakeAt).toMillis() + 50));
        }
        return control;
    }
}
