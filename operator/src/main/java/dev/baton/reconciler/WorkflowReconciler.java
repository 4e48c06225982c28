package dev.baton.reconciler;

import dev.baton.api.Nesting;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowStatus;
import dev.baton.engine.Json;
import dev.baton.engine.SubworkflowCycles;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Keeps a Workflow's status current: compiles its spec (Valid condition naming each bad field) and stores
 * the spec as an immutable revision that new instances pin.
 */
@ControllerConfiguration(name = "workflow")
public class WorkflowReconciler implements Reconciler<Workflow> {
    private final SignalIndex signals;
    /** Longest workflow name: revisions and the objects of its runs carry it in a label. */
    static final int MAX_NAME = 63;
    private final WorkflowRevisions revisions;
    private final RevisionPruner pruner;
    private final WorkflowTriggers triggers;
    private final EventRecorder events;
    private final Clock clock;
    private final PodPolicyCheck podPolicy;
    private final InstancesStop instancesStop;
    /** Readers outside the reconcilers (the console) see this controller's cache through it. */
    @jakarta.inject.Inject
    CachedResources cached;

    public WorkflowReconciler(WorkflowRevisions revisions, RevisionPruner pruner, WorkflowTriggers triggers, SignalIndex signals,
                              EventRecorder events, Clock clock, PodPolicyCheck podPolicy, InstancesStop instancesStop) {
        this.instancesStop = instancesStop;
        this.revisions = revisions;
        this.pruner = pruner;
        this.triggers = triggers;
        this.signals = signals;
        this.events = events;
        this.clock = clock;
        this.podPolicy = podPolicy;
    }

    /** A reconcile that threw is retried by JOSDK; the Workflow says so in a condition and a Warning Event. */
    @Override
    public ErrorStatusUpdateControl<Workflow> updateErrorStatus(Workflow workflow, Context<Workflow> context, Exception e) {
        String message = ReconcileFailures.describe(e);
        events.record(workflow, EventReason.ReconcileFailed, message);
        WorkflowStatus status = workflow.getStatus() == null ? new WorkflowStatus() : Json.convert(workflow.getStatus(), WorkflowStatus.class);
        var conditions = Conditions.set(status.conditions, ConditionType.Reconciled, false, ConditionReason.ReconcileFailed,
                message, workflow.getMetadata().getGeneration(), clock.instant());
        if (conditions.equals(status.conditions)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        status.conditions = conditions;
        return ErrorStatusUpdateControl.patchStatus(statusPatch(workflow, status));
    }

    @Override
    public List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, Workflow>> prepareEventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<Workflow> context) {
        if (cached != null) {
            cached.registerWorkflows(context.getPrimaryCache());
        }
        return List.of(signals.eventSource(context));
    }

    @Override
    public UpdateControl<Workflow> reconcile(Workflow workflow, Context<Workflow> context) {
        Checked checked = compile(workflow, context);
        WorkflowCompiler.Compilation compiled = checked.compiled();
        WorkflowStatus old = workflow.getStatus() == null ? new WorkflowStatus() : workflow.getStatus();
        WorkflowStatus status = new WorkflowStatus();
        Instant now = clock.instant();
        Instant comeBack = null;
        status.triggers = old.triggers;
        status.backfill = old.backfill;
        // Served whether the spec is valid or not: stopping runs must not wait for a fix of the spec.
        status.stopInstances = instancesStop.serve(workflow, old.stopInstances, now);
        if (compiled.valid()) {
            String revision = checked.revision();
            revisions.store(workflow, revision);
            status.revision = revision;
            if (pruner.prune(workflow, revision, now)) {
                comeBack = now.plus(RevisionPruner.GRACE);
            }
            WorkflowTriggers.Outcome fired = triggers.run(workflow, old, now);
            status.triggers = fired.triggers();
            status.nextRun = fired.nextRun();
            status.backfill = fired.backfill();
            if (fired.wakeAt() != null && (comeBack == null || fired.wakeAt().isBefore(comeBack))) {
                comeBack = fired.wakeAt();
            }
        } else {
            status.revision = old.revision;
        }
        status.observedGeneration = workflow.getMetadata().getGeneration();
        String message = FieldError.summary(compiled.errors());
        status.conditions = Conditions.set(Conditions.without(old.conditions, ConditionType.Reconciled), ConditionType.Valid, compiled.valid(),
                compiled.valid() ? ConditionReason.Valid : ConditionReason.InvalidSpec, message,
                status.observedGeneration, clock.instant());
        UpdateControl<Workflow> control = Json.tree(old).equals(Json.tree(status)) ? UpdateControl.noUpdate()
                : UpdateControl.patchStatus(statusPatch(workflow, status));
        return again(control, comeBack, now);
    }

    /**
     * Comes back for the next fire of a trigger, to look at the triggers' history again while a triggered run
     * has not ended, or to prune the revisions that were kept (pinned, or young) once they may have been let
     * go, whichever is first.
     */
    private static UpdateControl<Workflow> again(UpdateControl<Workflow> control, Instant comeBack, Instant now) {
        return comeBack == null ? control : control.rescheduleAfter(Math.max(100, java.time.Duration.between(now, comeBack).toMillis() + 50));
    }

    /**
     * The workflow's definition, or its errors: its spec's, its name's, the operator's pod policy's, or a
     * cycle of subworkflows through it.
     */
    private Checked compile(Workflow workflow, Context<Workflow> context) {
        String name = workflow.getMetadata().getName();
        if (name.length() > MAX_NAME) {
            return Checked.invalid(List.of(new FieldError("metadata.name",
                    "at most " + MAX_NAME + " characters, as its revisions and runs carry it in a label")));
        }
        // Measured before anything walks it: hashing or converting a spec nested thousands deep overflows the stack.
        String deep = Nesting.tooDeep(workflow.getSpec(), "spec");
        if (deep != null) {
            return Checked.invalid(List.of(new FieldError(deep, Nesting.PROBLEM)));
        }
        String revision = WorkflowRevisions.nameOf(workflow);
        WorkflowCompiler.Compilation compiled = revisions.compile(workflow, revision);
        if (!compiled.valid()) {
            return new Checked(compiled, revision);
        }
        List<FieldError> refused = podPolicy.refusals(workflow, revision);
        if (!refused.isEmpty()) {
            return Checked.invalid(refused);
        }
        String ns = workflow.getMetadata().getNamespace();
        var cycle = SubworkflowCycles.through(name, compiled.definition(), other -> context.getPrimaryCache()
                .get(new ResourceID(other, ns)).filter(w -> Nesting.tooDeep(w.getSpec(), "spec") == null)
                .map(w -> revisions.compile(w, WorkflowRevisions.nameOf(w)).definition()).orElse(null));
        return cycle.map(c -> Checked.invalid(List.of(new FieldError(c.step().field() + ".subworkflow.workflow", c.describe()))))
                .orElse(new Checked(compiled, revision));
    }

    /** A compilation and the revision name of the spec it compiled (hashed once per reconcile), or null. */
    private record Checked(WorkflowCompiler.Compilation compiled, String revision) {
        static Checked invalid(List<FieldError> errors) {
            return new Checked(new WorkflowCompiler.Compilation(null, errors), null);
        }
    }

    /** A fresh object with the workflow's identity and the given status, as status patches send. */
    private static Workflow statusPatch(Workflow workflow, WorkflowStatus status) {
        Workflow patch = new Workflow();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(workflow.getMetadata().getName()).withNamespace(workflow.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return patch;
    }
}
