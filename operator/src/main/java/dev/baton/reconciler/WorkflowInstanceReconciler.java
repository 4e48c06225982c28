package dev.baton.reconciler;

import dev.baton.api.InstancePhase;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Plan;
import dev.baton.engine.Planner;
import dev.baton.engine.RunState;
import dev.baton.executor.AttemptReader;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a WorkflowInstance: observe (pinned spec, params, status, Jobs and Pods) → plan (the engine) →
 * act (create and delete Jobs/Pods, events) → one status patch. Every decision is recomputed from the
 * resources, so the operator may die at any instant and a new one carries on.
 */
@ControllerConfiguration(name = "workflowinstance")
public class WorkflowInstanceReconciler implements Reconciler<WorkflowInstance> {
    private final InstanceSetup setup;
    private final Planner planner;
    private final StepLauncher launcher;
    private final EventRecorder events;
    private final Clock clock;

    public WorkflowInstanceReconciler(InstanceSetup setup, Planner planner, StepLauncher launcher,
                                      EventRecorder events, Clock clock) {
        this.setup = setup;
        this.planner = planner;
        this.launcher = launcher;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, WorkflowInstance>> prepareEventSources(EventSourceContext<WorkflowInstance> context) {
        return List.of(informer(Job.class, context), informer(Pod.class, context));
    }

    private static <R extends HasMetadata> InformerEventSource<R, WorkflowInstance> informer(
            Class<R> type, EventSourceContext<WorkflowInstance> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, WorkflowInstance.class)
                .withLabelSelector(Labels.SELECTOR)
                .withSecondaryToPrimaryMapper(o -> {
                    String instance = o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(Labels.INSTANCE);
                    return instance == null ? Set.of() : Set.of(new ResourceID(instance, o.getMetadata().getNamespace()));
                })
                .build(), context);
    }

    @Override
    public UpdateControl<WorkflowInstance> reconcile(WorkflowInstance instance, Context<WorkflowInstance> context) {
        WorkflowInstanceStatus old = instance.getStatus();
        if (old != null && old.phase != null && old.phase.terminal()) {
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        InstanceSetup.Setup s = setup.resolve(instance);
        if (!s.valid()) {
            events.record(instance, true, s.invalidReason(), s.invalidMessage());
            return patch(instance, InstanceStatuses.invalid(instance, s, now), context, null, now);
        }
        Instant startTime = old == null || old.startTime == null ? now : RunStates.time(old.startTime);
        Map<String, Map<Integer, dev.baton.engine.Attempt>> observed = AttemptReader.read(
                context.getSecondaryResources(Job.class), context.getSecondaryResources(Pod.class));
        RunState run = RunStates.read(instance, s.params(), startTime, observed);
        Plan plan = planner.plan(s.spec(), run, now);
        Map<String, String> refused = launcher.launch(instance, s.spec(), plan);
        launcher.kill(instance, s.spec(), plan);
        WorkflowInstanceStatus status = InstanceStatuses.running(instance, s, startTime, plan, refused, now);
        if (old == null || old.phase == null || old.phase == InstancePhase.Pending) {
            events.record(instance, false, "InstanceStarted", "running revision " + s.revision());
        }
        plan.events().forEach(e -> events.record(instance, e.warning(), e.reason(), e.message()));
        if (status.phase.terminal()) {
            events.record(instance, status.phase != InstancePhase.Succeeded, "Instance" + status.phase,
                    status.message == null ? "instance " + status.phase : status.message);
        }
        return patch(instance, status, context, refused.isEmpty() ? plan.wakeAt() : now, now);
    }

    /** One status patch per reconcile, skipped when nothing changed; the cache keeps what we wrote. */
    private UpdateControl<WorkflowInstance> patch(WorkflowInstance instance, WorkflowInstanceStatus status,
                                                  Context<WorkflowInstance> context, Instant wakeAt, Instant now) {
        if (!InstanceStatuses.same(status, instance.getStatus())) {
            WorkflowInstance fresh = new WorkflowInstance();
            fresh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                    .withName(instance.getMetadata().getName())
                    .withNamespace(instance.getMetadata().getNamespace())
                    .build());
            fresh.setStatus(status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(instance, fresh, context);
        }
        UpdateControl<WorkflowInstance> control = UpdateControl.noUpdate();
        if (wakeAt != null && !status.phase.terminal()) {
            long millis = Math.max(100, Duration.between(now, wakeAt).toMillis() + 50);
            control.rescheduleAfter(millis);
        }
        return control;
    }
}
