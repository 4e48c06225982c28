package dev.baton.reconciler;

import static dev.baton.reconciler.TestInstances.at;
import static dev.baton.reconciler.TestInstances.child;
import static dev.baton.reconciler.TestInstances.instance;
import static dev.baton.reconciler.TestInstances.limited;
import static dev.baton.reconciler.TestInstances.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets count running steps as this process last wrote them, and forget a write once it cannot matter. */
class StepBudgetTest {
    private final InMemoryInstanceCache cache = new InMemoryInstanceCache();
    private StepBudget budget;

    @BeforeEach
    void setUp() {
        InstanceIndex index = new InstanceIndex();
        index.register(cache);
        budget = new StepBudget(index);
    }

    @Test
    void withoutLimitsThereIsNoBudget() {
        WorkflowInstance me = cached(instance("ns", "a", "report"));
        assertThat(budget.launchBudget(limited(null), null, me)).isEqualTo(-1);
    }

    @Test
    void stepConcurrencyIsSharedByTheTopLevelInstancesOfTheWorkflow() {
        WorkflowInstance me = cached(at(instance("ns", "a", "report"), "2", status(InstancePhase.Running, 1)));
        cached(at(instance("ns", "b", "report"), "2", status(InstancePhase.Running, 2)));
        cached(at(instance("ns", "c", "other"), "2", status(InstancePhase.Running, 4)));
        cached(at(instance("other-ns", "d", "report"), "2", status(InstancePhase.Running, 4)));
        cached(at(child(me, "a-loop-0"), "2", status(InstancePhase.Running, 4)));
        assertThat(budget.launchBudget(limited(5), null, me)).as("5 - (1 + 2)").isEqualTo(2);
        assertThat(budget.launchBudget(limited(2), null, me)).as("never below 0").isZero();
    }

    @Test
    void instanceStepConcurrencyIsSharedByTheTree() {
        WorkflowInstance root = cached(at(instance("ns", "a", "report"), "2", status(InstancePhase.Running, 1)));
        WorkflowInstance iteration = cached(at(child(root, "a-loop-0"), "2", status(InstancePhase.Running, 2)));
        cached(at(instance("ns", "b", "report"), "2", status(InstancePhase.Running, 4)));
        assertThat(budget.launchBudget(limited(null), 5, iteration)).isEqualTo(2);
        assertThat(budget.launchBudget(limited(10), 5, iteration)).as("the smaller of the two").isEqualTo(2);
        assertThat(budget.launchBudget(limited(8), 5, iteration))
                .as("8 - (2 + 1 + 4): its own steps and the workflow's top-level instances'").isEqualTo(1);
    }

    @Test
    void aWriteTheCacheHasNotSeenCountsUntilTheCacheShowsItsVersion() {
        WorkflowInstance me = cached(instance("ns", "a", "report"));
        WorkflowInstance other = cached(at(instance("ns", "b", "report"), "2", status(InstancePhase.Running, 0)));
        budget.written(other, status(InstancePhase.Running, 3), "3");
        assertThat(budget.launchBudget(limited(5), null, me)).as("the cache is older than the write").isEqualTo(2);
        assertThat(budget.memoSize()).isEqualTo(1);
        cached(at(other, "3", status(InstancePhase.Running, 3)));
        assertThat(budget.launchBudget(limited(5), null, me)).isEqualTo(2);
        assertThat(budget.memoSize()).as("the cache speaks for the write now").isZero();
    }

    @Test
    void theInstanceBeingPlannedMayBeNewerThanTheIndexAndDoesNotCountAsCaughtUp() {
        WorkflowInstance a = cached(at(instance("ns", "a", "report"), "2", status(InstancePhase.Running, 0)));
        WorkflowInstance b = cached(instance("ns", "b", "report"));
        budget.written(a, status(InstancePhase.Running, 3), "3");
        WorkflowInstance aAsReconciled = at(a, "3", status(InstancePhase.Running, 3)); // JOSDK's copy of the write's response
        assertThat(budget.launchBudget(limited(5), null, aAsReconciled)).isEqualTo(2);
        assertThat(budget.launchBudget(limited(5), null, b)).as("the index still shows a at version 2").isEqualTo(2);
        assertThat(budget.memoSize()).isEqualTo(1);
    }

    @Test
    void aStatusHeldBackCountsUntilTheInstanceIsWrittenAgain() {
        WorkflowInstance me = cached(instance("ns", "a", "report"));
        WorkflowInstance iteration = cached(at(child(me, "a-loop-0"), "2", status(InstancePhase.Running, 0)));
        budget.written(iteration, status(InstancePhase.Running, 2), null);
        cached(at(iteration, "3", status(InstancePhase.Running, 0))); // someone else's write, not this status
        assertThat(budget.launchBudget(limited(null), 3, me)).isEqualTo(1);
        assertThat(budget.memoSize()).isEqualTo(1);
    }

    @Test
    void anEndedInstanceIsForgotten() {
        WorkflowInstance me = cached(instance("ns", "a", "report"));
        budget.written(me, status(InstancePhase.Running, 2), "2");
        budget.written(me, status(InstancePhase.Succeeded, 0), "3");
        assertThat(budget.memoSize()).isZero();
    }

    @Test
    void deletedInstancesAreSweptOnceTheMemoDoubles() {
        for (int n = 0; n < StepBudget.FIRST_SWEEP - 1; n++) {
            WorkflowInstance i = cached(instance("ns", "i" + n, "report"));
            budget.written(i, status(InstancePhase.Running, 1), null);
            cache.remove(i); // deleted while running: no terminal status ever comes
        }
        assertThat(budget.memoSize()).isEqualTo(StepBudget.FIRST_SWEEP - 1);
        WorkflowInstance live = cached(instance("ns", "live", "report"));
        budget.written(live, status(InstancePhase.Running, 1), null);
        assertThat(budget.memoSize()).as("only the live instance is left").isEqualTo(1);
    }

    @Test
    void anInstanceRecreatedUnderTheSameNameIsAnotherInstance() {
        WorkflowInstance old = cached(instance("ns", "a", "report"));
        budget.written(old, status(InstancePhase.Running, 1), null);
        cache.remove(old);
        WorkflowInstance recreated = instance("ns", "a", "report");
        recreated.getMetadata().setUid("uid-new");
        cached(recreated);
        for (int n = 0; n < StepBudget.FIRST_SWEEP; n++) {
            budget.written(cached(instance("ns", "i" + n, "report")), status(InstancePhase.Running, 1), null);
        }
        assertThat(budget.memoSize()).as("the old uid went in the sweep").isEqualTo(StepBudget.FIRST_SWEEP);
    }

    private WorkflowInstance cached(WorkflowInstance i) {
        cache.put(i);
        return i;
    }
}
