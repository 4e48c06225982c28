package dev.baton.reconciler;

import dev.baton.engine.Controls;
import dev.baton.engine.Plan;
import dev.baton.engine.PermitView;
import dev.baton.engine.Planner;
import dev.baton.engine.Restarts;
import dev.baton.engine.RunQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Decides from an observation alone, with no read and no write: the engine plans runs. */
@ApplicationScoped
public class InstancePlanner {
    private final Planner planner;

    public InstancePlanner(Planner planner) {
        this.planner = planner;
    }

    InstancePlan plan(Observation seen) {
        return switch (seen.stage()) {
            case Ended -> InstancePlan.of(InstancePlan.Kind.Nothing);
            case Restart -> restart(seen);
            case ActionsOnEnded -> actionsOnEnded(seen);
            case Invalid -> InstancePlan.of(InstancePlan.Kind.Invalid);
            case Live -> seen.queue().kind() == RunQueue.Decision.Kind.Wait
                    ? new InstancePlan(InstancePlan.Kind.Queue, null, seen.queue().reason())
                    : runOrWaitForPermits(seen);
        };
    }

    /**
     * A run that has not started holds its own permits (its workflow's, or its foreach body's) before its
     * first step: until each is granted it stays Queued and asks for them. A started run holds them already.
     */
    private InstancePlan runOrWaitForPermits(Observation seen) {
        var definition = seen.setup().definition();
        if (seen.starting() && !definition.permits().isEmpty() && seen.run().controls().stop() == Controls.Stop.None) {
            String holder = PermitView.run(InstanceStatusBuilder.run(seen.instance().getStatus()));
            PermitView view = seen.run().permits();
            List<String> missing = definition.permits().stream().filter(p -> !view.granted(holder, p)).toList();
            if (!missing.isEmpty() && seen.run().controls().suspended()) {
                // A suspended run takes no permit: it asks once resumed.
                return new InstancePlan(InstancePlan.Kind.Queue, null, "waiting: the instance is suspended; then it waits for "
                        + PermitView.waitingFor(missing, view).substring("waiting for ".length()));
            }
            if (!missing.isEmpty()) {
                return new InstancePlan(InstancePlan.Kind.Queue, null, PermitView.waitingFor(missing, view), null,
                        new Plan.PermitRequest(holder, definition.permits()));
            }
        }
        return new InstancePlan(InstancePlan.Kind.Run, planner.plan(definition, seen.run(), seen.now()), null);
    }

    /** Restarts of an ended instance's steps start a new run; other actions, or an instance that no longer resolves, are refused. */
    private static InstancePlan actionsOnEnded(Observation seen) {
        var s = seen.setup();
        var requests = StepActions.pending(seen.instance());
        String refusal = !s.valid() ? "the instance cannot run again: " + s.invalidMessage()
                : InstanceTree.isChild(seen.instance()) ? "this loop iteration or subworkflow run has ended and its parent"
                        + " counted it: what it did stands (act on the parent, or restart it)" : null;
        if (refusal != null) {
            var refused = requests.stream().map(r -> new dev.baton.engine.Plan.ActionTaken(r,
                    dev.baton.engine.Plan.ActionTaken.Outcome.Refused, refusal)).toList();
            return new InstancePlan(InstancePlan.Kind.ActOnEnded, null, null, new Restarts.OnEnded(null, refused));
        }
        return new InstancePlan(InstancePlan.Kind.ActOnEnded, null, null,
                Restarts.onEnded(s.definition(), StatusCodec.steps(seen.instance().getStatus()), requests));
    }

    /** A restart is served when the instance still resolves and a FromStep restart names one of its steps. */
    private static InstancePlan restart(Observation seen) {
        var restart = seen.instance().getSpec().restart;
        var s = seen.setup();
        String problem = s.valid() ? Restarts.check(s.definition(), restart.policy, restart.step) : s.invalidMessage();
        return problem == null ? InstancePlan.of(InstancePlan.Kind.Restart)
                : new InstancePlan(InstancePlan.Kind.RefuseRestart, null, problem);
    }
}
