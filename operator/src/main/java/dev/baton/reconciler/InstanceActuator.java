package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Plan;
import dev.baton.engine.WeighedCache;
import dev.baton.engine.model.EventReason;
import dev.baton.executor.Ownership;
import dev.baton.http.HttpCalls;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Every write of a reconcile but the status: the revision a new run pins, the Jobs and Pods to create
 * and delete, the signals steps emit, the Events, and (after the status is written) the child instances.
 */
@ApplicationScoped
public class InstanceActuator {
    private final WorkflowRevisions revisions;
    private final StepLauncher launcher;
    private final EventRecorder events;
    private final ChildInstances children;
    private final SignalEmitter emitter;
    private final HttpCalls httpCalls;
    /** Foreign objects already reported, by instance and object uid, so each is reported once, not every pass. */
    private final WeighedCache<Boolean> reported = new WeighedCache<>(10_000, Long.MAX_VALUE);

    public InstanceActuator(WorkflowRevisions revisions, StepLauncher launcher, EventRecorder events, ChildInstances children,
                            SignalEmitter emitter, HttpCalls httpCalls) {
        this.httpCalls = httpCalls;
        this.emitter = emitter;
        this.revisions = revisions;
        this.launcher = launcher;
        this.events = events;
        this.children = children;
    }

    /**
     * Carries out what comes before the status write; returns the launches the API server refused, by
     * "step/attempt", which the status records as failed attempts.
     */
    Map<String, Refusal> act(Observation seen, InstancePlan plan, InstanceContext context) {
        WorkflowInstance instance = seen.instance();
        if (seen.setup() != null && seen.setup().toStore() != null) {
            // Before the status names it: a pinned revision must exist, or the run could never resume.
            revisions.store(seen.setup().toStore(), seen.setup().revision());
        }
        switch (plan.kind()) {
            case Restart -> events.record(instance, EventReason.InstanceRestarted, "run " + (run(instance) + 1)
                    + " (" + instance.getSpec().restart.policy + ")");
            case RefuseRestart -> events.record(instance, EventReason.RestartRefused, plan.reason());
            case Invalid -> events.record(instance, seen.setup().invalidReason(), seen.setup().invalidMessage());
            case Run -> {
                return run(seen, plan.run(), context);
            }
            default -> { }
        }
        return Map.of();
    }

    private Map<String, Refusal> run(Observation seen, Plan plan, InstanceContext context) {
        WorkflowInstance instance = seen.instance();
        var definition = seen.setup().definition();
        Map<String, Refusal> refused = launcher.launch(instance, definition, plan);
        // Sent before the status that records the attempt: a crash in between sends it again, with the same key.
        plan.calls().forEach(c -> httpCalls.send(instance.getMetadata().getNamespace(), instance.getMetadata().getName(),
                instance.getMetadata().getUid(), c));
        emitter.emit(instance, plan);
        // Before the status that records them as forwarded: a crash in between forwards them again, once.
        children.forward(instance, plan.forwards(), context);
        reportForeign(instance, seen.owned());
        if (seen.starting()) {
            events.record(instance, EventReason.InstanceStarted, "run " + run(instance) + " of revision " + seen.setup().revision());
        }
        plan.events().forEach(e -> events.record(instance, e.reason(), e.message()));
        if (plan.phase().terminal()) {
            events.record(instance, EventReason.ended(plan.phase()), plan.message() == null ? "instance " + plan.phase() : plan.message());
        }
        return refused;
    }

    /**
     * After the status is written: deletes the instance's Jobs and Pods that run on though the status has
     * no running attempt for them (killed, refused, left by a lost write or by a run that ended; see
     * {@link LeftoverAttempts}); for an ended instance, stops its iterations that still run. Returns true when the plan killed an attempt whose object the cache has not
     * shown yet: the caller comes back for it, as nothing else would wake an ended instance.
     */
    boolean afterWrite(Observation seen, InstancePlan plan, WorkflowInstanceStatus written, InstanceContext context) {
        WorkflowInstance instance = seen.instance();
        LeftoverAttempts.find(instance, seen.owned(), written, seen.now()).forEach(l -> launcher.delete(instance, l));
        LeftoverResources.find(instance, context.resources(), written).forEach(o -> launcher.delete(instance, o));
        if (plan.kind() != InstancePlan.Kind.Run && written != null && written.phase != null && written.phase.terminal()) {
            // A pass that ends the run stops its iterations itself (actOnChildren); this one redoes what failed.
            children.stopUnfinishedIterations(instance, context);
        }
        if (plan.kind() != InstancePlan.Kind.Run) {
            return false;
        }
        var uids = new java.util.HashMap<>(seen.owned().uids());
        context.resources().forEach(o -> uids.put(o.getMetadata().getName(), o.getMetadata().getUid()));
        return plan.run().kills().stream().anyMatch(k ->
                !uids.containsKey(dev.baton.executor.ChildNames.attempt(instance.getMetadata().getName(), k.step(), k.attempt())));
    }

    /**
     * Child instances change only once the status that counts them is written: a folded iteration may
     * then be deleted at once (its outcome cannot be lost with it), and deleting before creating keeps
     * the live children within concurrency + retention.
     */
    void actOnChildren(Observation seen, InstancePlan plan, InstanceContext context) {
        if (plan.kind() == InstancePlan.Kind.Run) {
            children.act(seen.instance(), seen.setup(), seen.treeLimit(), plan.run(), context);
        }
    }

    private void reportForeign(WorkflowInstance instance, Ownership owned) {
        for (String object : owned.foreign()) {
            String key = instance.getMetadata().getUid() + "/" + object;
            if (reported.get(key) == null) {
                reported.put(key, true, 1);
                events.record(instance, EventReason.ForeignObjectIgnored, object + " carries this instance's labels but"
                        + " Baton did not create it for this instance (it is not its controller): it is neither read as"
                        + " an attempt nor deleted");
            }
        }
    }

    private static int run(WorkflowInstance instance) {
        return InstanceStatusBuilder.run(instance.getStatus());
    }
}
