package dev.baton.reconciler;

import dev.baton.engine.Plan;

/**
 * What one reconcile decided for an instance, before anything is written.
 *
 * @param run    the engine's plan of the run, for {@link Kind#Run}
 * @param reason why the instance waits (Queue) or why its restart is refused (RefuseRestart)
 * @param onEnded what the step actions asked of an ended instance do, for {@link Kind#ActOnEnded}
 * @param permits for {@link Kind#Queue}: the run waits for its own permits (its workflow's or foreach body's), or null
 */
record InstancePlan(Kind kind, Plan run, String reason, dev.baton.engine.Restarts.OnEnded onEnded,
                    Plan.PermitRequest permits) {

    InstancePlan(Kind kind, Plan run, String reason, dev.baton.engine.Restarts.OnEnded onEnded) {
        this(kind, run, reason, onEnded, null);
    }

    InstancePlan(Kind kind, Plan run, String reason) {
        this(kind, run, reason, null);
    }

    /** The permits of the whole run's holder ({@link Kind#Queue}) or of its steps ({@link Kind#Run}) to ask for now. */
    java.util.List<Plan.PermitRequest> permitRequests() {
        if (permits != null) {
            return java.util.List.of(permits);
        }
        return kind == Kind.Run ? run.permits() : java.util.List.of();
    }

    enum Kind {
        /** An ended instance: nothing to do. */
        Nothing,
        /** Start a new run of an ended instance. */
        Restart,
        /** The restart cannot be served; the instance stays as it ended. */
        RefuseRestart,
        /** Step actions asked of an ended instance: a new run for the steps restarted, the others refused. */
        ActOnEnded,
        /** The instance cannot run: fail it with its setup's reason. */
        Invalid,
        /** Wait for its turn under the workflow's run strategy. */
        Queue,
        /** Run: carry out the engine's plan. */
        Run
    }

    static InstancePlan of(Kind kind) {
        return new InstancePlan(kind, null, null);
    }
}
