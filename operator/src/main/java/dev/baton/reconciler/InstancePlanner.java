package dev.baton.reconciler;

import dev.baton.engine.Planner;
import dev.baton.engine.Restarts;
import dev.baton.engine.RunQueue;
import jakarta.enterprise.context.ApplicationScoped;

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
            case Invalid -> InstancePlan.of(InstancePlan.Kind.Invalid);
            case Live -> seen.queue().kind() == RunQueue.Decision.Kind.Wait
                    ? new InstancePlan(InstancePlan.Kind.Queue, null, seen.queue().reason())
                    : new InstancePlan(InstancePlan.Kind.Run, planner.plan(seen.setup().definition(), seen.run(), seen.now()), null);
        };
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
