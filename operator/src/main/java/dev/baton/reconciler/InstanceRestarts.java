package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Restarts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Restarts of ended instances, asked for with a new spec.restart.nonce: the status of the new run, or
 * of the refusal when the restart names no step of the workflow.
 */
@ApplicationScoped
public class InstanceRestarts {
    private final InstanceSetup setup;
    private final EventRecorder events;

    public InstanceRestarts(InstanceSetup setup, EventRecorder events) {
        this.setup = setup;
        this.events = events;
    }

    boolean requested(WorkflowInstance instance) {
        var restart = instance.getSpec() == null ? null : instance.getSpec().restart;
        return restart != null && restart.nonce != null && !restart.nonce.equals(instance.getStatus().restartNonce);
    }

    /** The new run's status: run + 1, the policy's steps back to Pending; or the ended status with the refusal. */
    WorkflowInstanceStatus restart(WorkflowInstance instance, Instant now) {
        InstanceSetup.Setup s = setup.resolve(instance);
        var restart = instance.getSpec().restart;
        String problem = s.valid() ? Restarts.check(s.spec(), restart.policy, restart.step) : s.invalidMessage();
        if (problem != null) {
            events.record(instance, true, "RestartRefused", problem);
            return InstanceStatuses.restartRefused(instance, problem);
        }
        WorkflowInstanceStatus status = InstanceStatuses.restarted(instance, s.spec(), now);
        events.record(instance, false, "InstanceRestarted", "run " + status.run + " (" + restart.policy + ")");
        return status;
    }
}
