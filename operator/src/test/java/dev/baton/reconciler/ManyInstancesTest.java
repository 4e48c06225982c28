package dev.baton.reconciler;

import static dev.baton.reconciler.TestInstances.at;
import static dev.baton.reconciler.TestInstances.instance;
import static dev.baton.reconciler.TestInstances.limited;
import static dev.baton.reconciler.TestInstances.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.InstancePhase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A long-lived operator keeps nothing per instance once the instance has ended or is gone: 10,000 instances
 * pass through planning, status writes and metrics, and locks, memo and gauges end as small as a handful
 * of live instances needs.
 */
class ManyInstancesTest {
    private static final int INSTANCES = 10_000;
    private final InMemoryInstanceCache cache = new InMemoryInstanceCache();
    private final TestClock clock = new TestClock(Instant.parse(TestInstances.CREATED));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InstanceIndex index = new InstanceIndex();
    private final PlanningLocks locks = new PlanningLocks();
    private final StepBudget budget = new StepBudget(index);
    private final InstanceMetrics metrics = new InstanceMetrics(registry, index, clock);
    private final RunStrategyGate gate = new RunStrategyGate(index, metrics);

    ManyInstancesTest() {
        index.register(cache);
    }

    @Test
    void endedAndDeletedInstancesLeaveNoLockMemoOrGauge() {
        WorkflowInstance live = instance("ns-live", "still-running", "kept");
        cache.put(live);
        pass(live, status(InstancePhase.Running, 1), "2");
        for (int n = 0; n < INSTANCES; n++) {
            // A namespace per 100 instances, a workflow per 10: test namespaces and renamed workflows come and go.
            WorkflowInstance i = instance("ns-" + n / 100, "run-" + n, "flow-" + n / 10);
            cache.put(i);
            pass(i, status(InstancePhase.Running, 2), "2");
            cache.put(at(i, "2", status(InstancePhase.Running, 2)));
            if (n % 2 == 0) {
                pass(at(i, "2", status(InstancePhase.Running, 2)), status(InstancePhase.Succeeded, 0), "3");
                cache.put(at(i, "3", status(InstancePhase.Succeeded, 0)));
            } else {
                pass(at(i, "2", status(InstancePhase.Running, 2)), status(InstancePhase.Running, 1), null); // held back
            }
            cache.remove(i); // deleted: ended ones by a TTL, the others while running
            clock.advance(Duration.ofMillis(10));
        }
        clock.advance(InstanceMetrics.PRUNE_EVERY);
        pass(at(live, "2", status(InstancePhase.Running, 1)), status(InstancePhase.Running, 1), "2");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(locks.size()).as("locks").isZero();
        assertThat(budget.memoSize()).as("memo").isLessThan(StepBudget.FIRST_SWEEP);
        assertThat(metrics.gauges()).as("the live instance's namespace and workflow").isEqualTo(2);
        assertThat(registry.getMeters()).as("meters").hasSizeLessThan(20);
        assertThat(budget.launchBudget(limited(3), 2, live)).as("the live instance still counts").isEqualTo(1);
    }

    /**
     * One reconcile of an instance whose workflow sets stepConcurrency and whose tree sets
     * instanceStepConcurrency: locks, gate, budget, one status (written at {@code version}, or held back),
     * metrics.
     */
    private void pass(WorkflowInstance i, WorkflowInstanceStatus next, String version) {
        locks.locked(i, true, true, () -> {
            gate.decide(i, limited(3));
            budget.launchBudget(limited(3), 2, i);
            budget.written(i, next, version);
            metrics.observe(i, null, i.getStatus(), next, clock.instant());
            return null;
        });
    }
}
