package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.Executor;
import dev.baton.executor.JobPodRefusals;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one status write of a reconcile: builds the status the plan implies, skips the write when nothing
 * changed, sends it as server-side apply of a fresh object holding only identity and status, and keeps
 * it in JOSDK's cache so the next reconcile never plans from a status older than the one just written
 * (Argo's duplicate-pod bug).
 */
@ApplicationScoped
public class StatusWriter {
    /** How often a queued instance looks again at the others of its workflow. */
    static final Duration QUEUE_POLL = Duration.ofSeconds(1);
    private final InstanceMetrics metrics;
    private final StepBudget budget;

    private final InstanceNotifier notifier;

    public StatusWriter(InstanceMetrics metrics, StepBudget budget, InstanceNotifier notifier) {
        this.notifier = notifier;
        this.metrics = metrics;
        this.budget = budget;
    }

    /** What the write decided: the control JOSDK gets, and the status as written (or as it stays). */
    record Written(UpdateControl<WorkflowInstance> control, WorkflowInstanceStatus status) {
    }

    Written write(Observation seen, InstancePlan plan, Map<String, Refusal> refused, InstanceContext context) {
        WorkflowInstance instance = seen.instance();
        WorkflowInstanceStatus old = instance.getStatus();
        Instant now = seen.now();
        switch (plan.kind()) {
            case Nothing -> {
                metrics.observe(instance, null, old, old, now); // counts ended instances after an operator restart
                List<String> notified = notifier.recorded(instance, old == null ? null : old.notified);
                if (old != null && notified != null && !notified.equals(old.notified)) {
                    // Notifications delivered since the run ended: recorded, so none is ever sent again.
                    return apply(instance, dev.baton.engine.Json.convert(old, WorkflowInstanceStatus.class), context, null, now);
                }
                return new Written(UpdateControl.noUpdate(), old);
            }
            case Restart -> {
                WorkflowInstanceStatus restarted = InstanceStatusBuilder.restarted(instance, seen.setup().definition(), now);
                return apply(instance, restarted, context, restarted.phase.terminal() ? null : now, now);
            }
            case ActOnEnded -> {
                WorkflowInstanceStatus after = InstanceStatusBuilder.actedOnEnded(instance, seen.setup().definition(), plan.onEnded(), now);
                return apply(instance, after, context, after.phase.terminal() ? null : now, now);
            }
            case RefuseRestart -> {
                return apply(instance, InstanceStatusBuilder.restartRefused(instance, plan.reason()), context, null, now);
            }
            case Invalid -> {
                return apply(instance, InstanceStatusBuilder.invalid(instance, seen.setup(), now), context, null, now);
            }
            case Queue -> {
                WorkflowInstanceStatus queued = InstanceStatusBuilder.queued(instance, seen.setup(), plan.reason(), now);
                PermitStatus.annotate(instance, queued, seen.setup().definition(), plan.permitRequests(),
                        plan.permits() == null ? null : plan.reason(), now);
                metrics.observe(instance, seen.setup().definition(), old, queued, now);
                return apply(instance, queued, context, now.plus(QUEUE_POLL), now);
            }
            default -> {
                WorkflowInstanceStatus status = InstanceStatusBuilder.running(instance, seen.setup(), seen.startTime(),
                        plan.run(), refused, now);
                PermitStatus.annotate(instance, status, seen.setup().definition(), plan.permitRequests(), null, now);
                Instant wakeAt = refused.isEmpty() ? earliest(earliest(plan.run().wakeAt(), seen.podRefusals().lookAgainAt()),
                        jobsLaunched(plan, seen, now)) : now;
                if (IterationInstances.deferrable(instance, seen.setup().definition(), old, status)) {
                    return new Written(after(instance, status, null, wakeAt, now), status);
                }
                metrics.observe(instance, seen.setup().definition(), old, status, now);
                return apply(instance, status, context, wakeAt, now);
            }
        }
    }

    /**
     * A Job launched now is looked at again once its pod should exist: nothing else would wake the instance
     * if the cluster refused the pod (a Job's events wake it only when an attempt ends).
     */
    private static Instant jobsLaunched(InstancePlan plan, Observation seen, Instant now) {
        boolean jobs = plan.run().launches().stream().anyMatch(l -> StepLauncher.executorOf(seen.setup().definition(), l.step())
                == Executor.Job);
        return jobs ? now.plus(JobPodRefusals.GRACE).plusSeconds(1) : null;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private Written apply(WorkflowInstance instance, WorkflowInstanceStatus status, InstanceContext context,
                          Instant wakeAt, Instant now) {
        status.notified = notifier.recorded(instance, instance.getStatus() == null ? null : instance.getStatus().notified);
        if (status.initiator == null) {
            // Told by the first status write; instances an older Baton started keep none.
            WorkflowInstanceStatus old = instance.getStatus();
            status.initiator = old == null || old.phase == null ? WorkflowTriggers.initiator(instance) : old.initiator;
        }
        // The version that holds the status: the write's, or the read one's when nothing changed.
        String version = instance.getMetadata().getResourceVersion();
        if (!InstanceStatusBuilder.same(status, instance.getStatus())) {
            // Measured only when written: an unchanged status was measured when it was.
            status = InstanceStatusBuilder.fitting(status, now);
            WorkflowInstance fresh = new WorkflowInstance();
            fresh.setMetadata(new ObjectMetaBuilder()
                    .withName(instance.getMetadata().getName())
                    .withNamespace(instance.getMetadata().getNamespace())
                    .build());
            fresh.setStatus(status);
            WorkflowInstance written = context.patchStatus(fresh);
            version = written == null ? null : written.getMetadata().getResourceVersion();
        }
        return new Written(after(instance, status, version, wakeAt, now), status);
    }

    /**
     * What a write does besides writing (also for a status left unwritten, held back): the budgets of the
     * next passes count its running steps, and the instance comes back at {@code wakeAt}.
     */
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
