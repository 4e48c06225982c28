package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.client.LeanItemStore;
import dev.baton.engine.Json;
import dev.baton.engine.model.EventReason;
import dev.baton.executor.AttemptEvents;
import dev.baton.executor.Labels;
import dev.baton.executor.ManagedKinds;
import dev.baton.http.HttpCalls;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a WorkflowInstance: observe (pinned definition, params, status, Jobs, Pods, child instances) →
 * plan (the engine) → act (revision, Jobs and Pods, Events) → one status write, and then the child
 * instances that status counts. Every decision is recomputed from the resources, so the operator may die
 * at any instant and a new one carries on.
 */
@ControllerConfiguration(name = "workflowinstance",
        informer = @io.javaoperatorsdk.operator.api.config.informer.Informer(itemStore = LeanItemStore.OfInstances.class))
public class WorkflowInstanceReconciler implements Reconciler<WorkflowInstance> {
    /** The informer of the Workflows that new instances pin. */
    static final String WORKFLOWS = "workflows";
    private final InstanceObserver observer;
    private final InstancePlanner planner;
    private final InstanceActuator actuator;
    private final StatusWriter statusWriter;
    private final InstanceIndex index;
    private final PlanningLocks locks;
    private final InstanceMetrics metrics;
    private final EventRecorder events;
    private final Clock clock;
    private final WaitingSteps waiting;
    private final InstanceCollector collector;
    private final ManagedKinds resourceKinds;
    private final PermitAsks permits;
    private final HttpCalls httpCalls;
    private final InstanceNotifier notifier;

    public WorkflowInstanceReconciler(InstanceObserver observer, InstancePlanner planner, InstanceActuator actuator,
                                      StatusWriter statusWriter, InstanceIndex index, PlanningLocks locks,
                                      InstanceMetrics metrics, EventRecorder events, Clock clock, WaitingSteps waiting,
                                      InstanceCollector collector, ManagedKinds resourceKinds, PermitAsks permits,
                                      HttpCalls httpCalls, InstanceNotifier notifier) {
        this.resourceKinds = resourceKinds;
        this.permits = permits;
        this.notifier = notifier;
        this.httpCalls = httpCalls;
        this.collector = collector;
        this.waiting = waiting;
        this.events = events;
        this.index = index;
        this.locks = locks;
        this.observer = observer;
        this.planner = planner;
        this.actuator = actuator;
        this.statusWriter = statusWriter;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, WorkflowInstance>> prepareEventSources(EventSourceContext<WorkflowInstance> context) {
        index.register(context.getPrimaryCache());
        // An http step's call that ends wakes its instance (the reconcile that sent it did not wait).
        SimpleInboundEventSource<WorkflowInstance> calls = new SimpleInboundEventSource<>("http-calls");
        httpCalls.onDone((namespace, name) -> calls.propagateEvent(new ResourceID(name, namespace)));
        List<EventSource<?, WorkflowInstance>> sources = new java.util.ArrayList<>(List.of(informer(Job.class, context, Labels.INSTANCE),
                informer(Pod.class, context, Labels.INSTANCE), informer(WorkflowInstance.class, context, Labels.PARENT),
                workflows(context), waiting.eventSource(context), calls));
        resourceKinds.kinds().forEach(kind -> sources.add(ResourceInformers.of(kind, context)));
        sources.addAll(permits.eventSources(context));
        return sources;
    }

    @Override
    public UpdateControl<WorkflowInstance> reconcile(WorkflowInstance instance, Context<WorkflowInstance> context) {
        return metrics.time(() -> reconcile(instance, new JosdkInstanceContext(instance, context)));
    }

    /**
     * A reconcile that threw (an API error, a bug) is retried with backoff by JOSDK; the instance says so in
     * a condition and a Warning Event, so the failure is seen where the user looks, not only in the log.
     */
    @Override
    public ErrorStatusUpdateControl<WorkflowInstance> updateErrorStatus(WorkflowInstance instance,
                                                                        Context<WorkflowInstance> context, Exception e) {
        String message = ReconcileFailures.describe(e);
        events.record(instance, EventReason.ReconcileFailed, message);
        WorkflowInstanceStatus status = instance.getStatus() == null ? new WorkflowInstanceStatus()
                : Json.convert(instance.getStatus(), WorkflowInstanceStatus.class);
        var conditions = Conditions.set(status.conditions, ConditionType.Reconciled, false, ConditionReason.ReconcileFailed,
                message, instance.getMetadata().getGeneration(), clock.instant());
        if (conditions.equals(status.conditions)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        status.conditions = conditions;
        WorkflowInstance patch = new WorkflowInstance();
        patch.setMetadata(new ObjectMetaBuilder().withName(instance.getMetadata().getName())
                .withNamespace(instance.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(patch);
    }

    /** When to look again for the object of an attempt killed before the cache showed it. */
    static final java.time.Duration UNSEEN_KILL_RETRY = java.time.Duration.ofSeconds(5);

    /** One reconcile against the given caches: what tests without a cluster call. */
    UpdateControl<WorkflowInstance> reconcile(WorkflowInstance instance, InstanceContext context) {
        Observation setup = observer.setup(instance, context, clock.instant());
        return locks.locked(instance, setup.limitsWorkflow(), setup.limitsTree(), () -> run(setup, context));
    }

    /** One pass, under the planning locks its limits need. */
    private UpdateControl<WorkflowInstance> run(Observation setup, InstanceContext context) {
        Observation seen = observer.observe(setup, context);
        InstancePlan plan = planner.plan(seen);
        Map<String, Refusal> refused = actuator.act(seen, plan, context);
        // Before the status that shows the holders waiting: a crash in between finds the grant on the next pass.
        PermitLedger.Outcome asked = permits.ask(seen, plan);
        StatusWriter.Written written = statusWriter.write(seen, plan, refused, context);
        boolean unseenKills = actuator.afterWrite(seen, plan, written.status(), context);
        // After the pods of ended holders are deleted: a freed permit never lets a new holder run beside them.
        permits.release(seen.instance(), written.status());
        actuator.actOnChildren(seen, plan, context);
        boolean podsWait = collector.collectPods(seen.instance(),
                InstanceCollector.cleanup(seen.instance(), seen.setup() == null || !seen.setup().valid() ? null : seen.setup().definition()),
                written.status(), seen.owned());
        UpdateControl<WorkflowInstance> control = permits.comeBack(asked, written.control());
        WorkflowInstanceStatus after = written.status();
        // After the write: what the run owes its notify entries, as the status now says it is.
        java.time.Instant sla = notifier.notify(seen.instance(), seen.setup() == null || !seen.setup().valid() ? null
                : seen.setup().definition(), after, seen.now());
        if (sla != null) {
            long ms = Math.max(1, java.time.Duration.between(seen.now(), sla).toMillis());
            control = control.getScheduleDelay().filter(d -> d <= ms).isPresent() ? control : control.rescheduleAfter(ms);
        }
        if (after != null && after.phase != null && after.phase.terminal()) {
            // Deleted once past its ttl; until then the instance comes back at that moment.
            control = collector.collect(seen.instance(), after, seen.now(), control);
        }
        // A killed attempt's object that the cache has not shown yet is deleted once it has (by the next pass).
        return unseenKills ? control.rescheduleAfter(UNSEEN_KILL_RETRY.toMillis())
                : podsWait ? control.rescheduleAfter(InstanceCollector.TURN.toMillis()) : control;
    }

    /** The name of the informer of objects of {@code type} that belong to instances ("jobs-of-instances"). */
    static String informerName(Class<?> type) {
        return type.getSimpleName().toLowerCase(Locale.ROOT) + "s-of-instances";
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

    /**
     * The Workflows new instances pin, read from a cache instead of one GET per new instance. A Workflow's
     * change wakes no instance: a started one runs its pinned revision.
     */
    private static InformerEventSource<Workflow, WorkflowInstance> workflows(EventSourceContext<WorkflowInstance> context) {
        var config = InformerEventSourceConfiguration.from(Workflow.class, WorkflowInstance.class)
                .withName(WORKFLOWS)
                .withItemStore(new LeanItemStore<>())
                .withSecondaryToPrimaryMapper(w -> Set.of());
        return new InformerEventSource<>(config.build(), context);
    }
}
