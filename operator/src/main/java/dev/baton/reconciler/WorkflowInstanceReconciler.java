package dev.baton.reconciler;

import dev.baton.api.InstancePhase;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.client.LeanItemStore;
import dev.baton.engine.Plan;
import dev.baton.engine.Planner;
import dev.baton.engine.RunState;
import dev.baton.executor.AttemptEvents;
import dev.baton.executor.AttemptReader;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import dev.baton.engine.Controls;
import dev.baton.engine.RunQueue;
import java.util.Map;
import java.util.Set;

/**
 * Runs a WorkflowInstance: observe (pinned spec, params, status, Jobs and Pods) → plan (the engine) →
 * act (create and delete Jobs/Pods, events) → one status patch. Every decision is recomputed from the
 * resources, so the operator may die at any instant and a new one carries on.
 */
@ControllerConfiguration(name = "workflowinstance",
        informer = @io.javaoperatorsdk.operator.api.config.informer.Informer(itemStore = LeanItemStore.OfInstances.class))
public class WorkflowInstanceReconciler implements Reconciler<WorkflowInstance> {
    /** How often a queued instance looks again at the others of its workflow. */
    private static final Duration QUEUE_POLL = Duration.ofSeconds(1);
    private final InstanceSetup setup;
    private final Planner planner;
    private final StepLauncher launcher;
    private final EventRecorder events;
    private final Clock clock;
    private final InstanceMetrics metrics;
    private final InstanceRestarts restarts;
    private final ChildInstances children;
    private final InstanceIndex index;
    private final PlanningLocks locks;
    private final RunStrategyGate gate;
    private final StepBudget budget;
    private final StatusPatch statusPatch;

    public WorkflowInstanceReconciler(InstanceSetup setup, Planner planner, StepLauncher launcher,
                                      EventRecorder events, Clock clock, InstanceMetrics metrics,
                                      InstanceRestarts restarts, ChildInstances children, InstanceIndex index,
                                      PlanningLocks locks, RunStrategyGate gate, StepBudget budget, StatusPatch statusPatch) {
        this.index = index;
        this.locks = locks;
        this.gate = gate;
        this.budget = budget;
        this.statusPatch = statusPatch;
        this.restarts = restarts;
        this.children = children;
        this.setup = setup;
        this.planner = planner;
        this.launcher = launcher;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, WorkflowInstance>> prepareEventSources(EventSourceContext<WorkflowInstance> context) {
        index.register(context.getPrimaryCache());
        return List.of(informer(Job.class, context, Labels.INSTANCE), informer(Pod.class, context, Labels.INSTANCE),
                informer(WorkflowInstance.class, context, Labels.PARENT));
    }

    @SuppressWarnings("unchecked")
    private static InformerEventSource<WorkflowInstance, WorkflowInstance> childCache(Context<WorkflowInstance> context) {
        return (InformerEventSource<WorkflowInstance, WorkflowInstance>) context.eventSourceRetriever()
                .getEventSourceFor(WorkflowInstance.class, informerName(WorkflowInstance.class));
    }

    /** The name of the informer of objects of {@code type} that belong to instances ("jobs-of-instances"). */
    private static String informerName(Class<?> type) {
        return type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + "s-of-instances";
    }

    /** Objects Baton created for an instance, mapped back to it by the label that names it. */
    private static <R extends HasMetadata> InformerEventSource<R, WorkflowInstance> informer(
            Class<R> type, EventSourceContext<WorkflowInstance> context, String ownerLabel) {
        String selector = type == WorkflowInstance.class ? Labels.PARENT : Labels.SELECTOR;
        var config = InformerEventSourceConfiguration.from(type, WorkflowInstance.class)
                .withName(informerName(type))
                .withLabelSelector(selector)
                .withItemStore(new LeanItemStore<>())
                .withSecondaryToPrimaryMapper(o -> {
                    String instance = o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(ownerLabel);
                    return instance == null ? Set.of() : Set.of(new ResourceID(instance, o.getMetadata().getNamespace()));
                });
        if (type != WorkflowInstance.class) {
            // Steps' Jobs and Pods wake their instance only when an attempt ends or goes away.
            config.withOnAddFilter(AttemptEvents::added).withOnUpdateFilter(AttemptEvents::updated);
        }
        return new InformerEventSource<>(config.build(), context);
    }

    @Override
    public UpdateControl<WorkflowInstance> reconcile(WorkflowInstance instance, Context<WorkflowInstance> context) {
        return metrics.time(() -> reconcileInstance(instance, context));
    }

    private UpdateControl<WorkflowInstance> reconcileInstance(WorkflowInstance instance, Context<WorkflowInstance> context) {
        WorkflowInstanceStatus old = instance.getStatus();
        Instant now = clock.instant();
        if (old != null && old.phase != null && old.phase.terminal()) {
            metrics.observe(instance, null, old, old, now); // counts ended instances after an operator restart
            if (!restarts.requested(instance)) {
                return UpdateControl.noUpdate();
            }
            WorkflowInstanceStatus restarted = restarts.restart(instance, now);
            return statusPatch.apply(instance, restarted, context, restarted.phase.terminal() ? null : now, now);
        }
        InstanceSetup.Setup s = setup.resolve(instance);
        if (!s.valid()) {
            events.record(instance, true, s.invalidReason(), s.invalidMessage());
            return statusPatch.apply(instance, InstanceStatuses.invalid(instance, s, now), context, null, now);
        }
        Integer treeLimit = InstanceSetup.treeLimit(instance, s);
        return locks.locked(instance, s.spec().stepConcurrency != null, treeLimit != null,
                () -> run(instance, s, treeLimit, context, now));
    }

    private UpdateControl<WorkflowInstance> run(WorkflowInstance instance, InstanceSetup.Setup s, Integer treeLimit,
                                                Context<WorkflowInstance> context, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        Controls controls = RunStates.controls(instance);
        RunQueue.Decision decision = gate.decide(instance, s.spec());
        if (decision.kind() == RunQueue.Decision.Kind.Wait) {
            WorkflowInstanceStatus queued = InstanceStatuses.queued(instance, s, decision.reason(), now);
            metrics.observe(instance, s.spec(), old, queued, now);
            return statusPatch.apply(instance, queued, context, now.plus(QUEUE_POLL), now);
        }
        if (decision.kind() == RunQueue.Decision.Kind.Stop) {
            controls = controls.stopped(decision.reason());
        }
        boolean starting = old == null || old.phase == null || old.phase == InstancePhase.Pending || old.phase == InstancePhase.Queued;
        Instant startTime = starting || old.startTime == null ? IterationStatus.start(instance, now) : RunStates.time(old.startTime);
        Map<String, Map<Integer, dev.baton.engine.Attempt>> observed = AttemptReader.read(
                context.getSecondaryResources(Job.class), context.getSecondaryResources(Pod.class));
        RunState run = RunStates.read(instance, s.params(), startTime, observed,
                budget.launchBudget(s.spec(), treeLimit, instance),
                context.getSecondaryResources(WorkflowInstance.class)).withControls(controls);
        Plan plan = planner.plan(s.spec(), run, now);
        Map<String, String> refused = launcher.launch(instance, s.spec(), plan);
        launcher.kill(instance, s.spec(), plan);
        WorkflowInstanceStatus status = InstanceStatuses.running(instance, s, startTime, plan, refused, now);
        if (starting) {
            events.record(instance, false, "InstanceStarted", "run " + status.run + " of revision " + s.revision());
        }
        plan.events().forEach(e -> events.record(instance, e.warning(), e.reason(), e.message()));
        if (status.phase.terminal()) {
            events.record(instance, status.phase != InstancePhase.Succeeded, "Instance" + status.phase,
                    status.message == null ? "instance " + status.phase : status.message);
        }
        Instant wakeAt = refused.isEmpty() ? plan.wakeAt() : now;
        if (IterationStatus.deferrable(instance, s.spec(), old, status)) {
            return statusPatch.defer(instance, status, wakeAt, now);
        }
        metrics.observe(instance, s.spec(), old, status, now);
        UpdateControl<WorkflowInstance> control = statusPatch.apply(instance, status, context, wakeAt, now);
        // Child instances change only once the status that counts them is written: a folded iteration may
        // then be deleted at once (its outcome cannot be lost with it), and deleting before creating keeps
        // the live children within concurrency + retention.
        children.act(instance, s, treeLimit, plan, childCache(context));
        return control;
    }
}
