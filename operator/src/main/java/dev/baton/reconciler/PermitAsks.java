package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadLocalRandom;

/** The permits part of an instance's reconcile: ask for what the plan waits for, release what no holder needs. */
@ApplicationScoped
public class PermitAsks {
    /** How soon a pass that was granted a permit comes back to start its holder (once the cache shows the grant). */
    static final long GRANTED_RETRY_MILLIS = 200;
    /** How soon, at most, a pass that lost a race for a permit asks again (spread at random, so racers part). */
    static final long RACED_RETRY_MILLIS = 500;
    private final PermitLedger ledger;
    private final PermitCache permits;

    public PermitAsks(PermitLedger ledger, PermitCache permits) {
        this.ledger = ledger;
        this.permits = permits;
    }

    /** The Permits and ConcurrencyLimits the instance controller watches: a freed permit wakes the next waiters. */
    java.util.List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, WorkflowInstance>> eventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<WorkflowInstance> context) {
        return permits.eventSources(context);
    }

    PermitLedger.Outcome ask(Observation seen, InstancePlan plan) {
        if (seen.stage() != Observation.Stage.Live || plan.permitRequests().isEmpty()) {
            return PermitLedger.Outcome.Waiting;
        }
        int priority = RunStrategyGate.priority(seen.instance(), seen.setup().definition().runStrategy().priority());
        return ledger.acquire(seen.instance(), plan.permitRequests(), priority, seen.now());
    }

    void release(WorkflowInstance instance, WorkflowInstanceStatus written) {
        ledger.release(instance, written == null ? instance.getStatus() : written);
    }

    UpdateControl<WorkflowInstance> comeBack(PermitLedger.Outcome asked, UpdateControl<WorkflowInstance> control) {
        return switch (asked) {
            case Waiting -> control;
            case Granted -> control.rescheduleAfter(GRANTED_RETRY_MILLIS);
            case Raced -> control.rescheduleAfter(50 + ThreadLocalRandom.current().nextLong(RACED_RETRY_MILLIS));
        };
    }
}
