package dev.baton.reconciler;

import dev.baton.engine.Plan;

/**
 * What one reconcile decided for an instance, before anything is written.
 *
 * @param run    the engine's plan of the run, for {@link Kind#Run}
 * @param reason why the instance waits (Queue) or why its restart is refused (RefuseRestart)
 */
record InstancePlan(Kind kind, Plan run, String reason) {

    enum Kind {
        /** An ended instance: nothing to do. */
        Nothing,
        /** Start a new run of an ended instance. */
        Restart,
        /** The restart cannot be served; the instance stays as it ended. */
        RefuseRestart,
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
