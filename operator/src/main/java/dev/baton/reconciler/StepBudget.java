package dev.baton.reconciler;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.StepPhase;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many more leaf steps may start: what the workflow's stepConcurrency leaves across its top-level
 * instances, and what the root's instanceStepConcurrency leaves across the instance tree.
 *
 * <p>Running steps are counted from the cache, except for instances whose status this process wrote
 * more recently than the cache shows: the informer's index may not have seen a write yet, and a budget
 * computed from an older status would spend the same unit twice. Those are read from a memo of the last
 * status each instance was given. An entry lives only as long as it can differ from the cache:
 * <ul>
 *   <li>it goes when the instance ends (an ended instance runs no step);</li>
 *   <li>it goes when the index shows the very resourceVersion that was written: the cache then holds the
 *   write itself, not an older status, and speaks for it from then on (only equality is trusted, as
 *   resourceVersions are opaque and have no order; a cache that skipped past it leaves the entry to the
 *   next two rules);</li>
 *   <li>it goes when the instance is deleted (the cache no longer holds its uid), found by a sweep whenever
 *   the memo has doubled since the last one: amortized O(1) per write, and the memo never holds more than
 *   twice the live entries, or {@link #FIRST_SWEEP}.</li>
 * </ul>
 * A status held back unwritten (a deferred iteration) has no version to be caught up with and stays until
 * the instance's next write, end or deletion.
 */
@ApplicationScoped
public class StepBudget {
    /** Below this size the memo is never swept. */
    static final int FIRST_SWEEP = 1_024;

    private final InstanceIndex index;
    /** The last status written (or held back) per instance uid, as far as budgets care. */
    private final Map<String, Written> memo = new ConcurrentHashMap<>();
    private volatile int sweepAt = FIRST_SWEEP;

    public StepBudget(InstanceIndex index) {
        this.index = index;
    }

    /**
     * How many more leaf steps {@code me} may start now, or -1 without a limit: the smaller of what the
     * workflow's stepConcurrency and the tree's {@code treeLimit} leave.
     */
    int launchBudget(Definition spec, Integer treeLimit, WorkflowInstance me) {
        int budget = -1;
        if (spec.stepConcurrency() != null) {
            int running = runningSteps(me, false);
            for (WorkflowInstance other : index.othersOfWorkflow(me)) {
                running += runningSteps(other, true);
            }
            budget = Math.max(0, spec.stepConcurrency() - running);
        }
        if (treeLimit != null) {
            int running = 0;
            for (WorkflowInstance member : index.treeOf(me)) {
                running += runningSteps(member, true);
            }
            int tree = Math.max(0, treeLimit - running);
            budget = budget < 0 ? tree : Math.min(budget, tree);
        }
        return budget;
    }

    /**
     * Remembers what a status says about running steps, for the budgets of the next passes.
     *
     * @param resourceVersion the version that holds {@code status} on the server, or null when the status
     *                        was not written
     */
    void written(WorkflowInstance i, WorkflowInstanceStatus status, String resourceVersion) {
        String uid = i.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        if (status.phase != null && status.phase.terminal()) {
            memo.remove(uid);
            return;
        }
        memo.put(uid, new Written(ResourceID.fromResource(i), resourceVersion, runningSteps(status)));
        if (memo.size() >= sweepAt) {
            sweep();
        }
    }

    /** Instances remembered, for tests. */
    int memoSize() {
        return memo.size();
    }

    /** Forgets deleted instances; next sweep when the memo has doubled again. */
    private synchronized void sweep() {
        if (memo.size() < sweepAt) {
            return; // another thread swept meanwhile
        }
        memo.entrySet().removeIf(e -> !index.holds(e.getValue().id(), e.getKey()));
        sweepAt = Math.max(FIRST_SWEEP, 2 * memo.size());
    }

    /**
     * Running leaf steps of an instance: as last written, unless the cache has caught up with the write.
     * Only a copy read from the index may tell that it has: the instance a reconcile is given can come from
     * JOSDK's cache of the writes' responses, newer than what the index still shows to the other passes.
     */
    private int runningSteps(WorkflowInstance i, boolean fromIndex) {
        String uid = i.getMetadata().getUid();
        Written w = uid == null ? null : memo.get(uid);
        if (w == null) {
            return runningSteps(i.getStatus());
        }
        if (fromIndex && w.resourceVersion() != null && w.resourceVersion().equals(i.getMetadata().getResourceVersion())) {
            memo.remove(uid, w); // only this entry: a newer write keeps its own
            return runningSteps(i.getStatus());
        }
        return w.running();
    }

    private static int runningSteps(WorkflowInstanceStatus status) {
        if (status == null || status.phase == null || status.phase.terminal()) {
            return 0;
        }
        int n = 0;
        for (StepStatus s : status.steps) {
            if (s.phase == StepPhase.Running && !s.attempts.isEmpty()
                    && s.attempts.get(s.attempts.size() - 1).outcome != null && !s.attempts.get(s.attempts.size() - 1).outcome.ended()) {
                n++;
            }
        }
        return n;
    }

    /** What budgets need of a status: where the instance is, which version holds it, its running steps. */
    private record Written(ResourceID id, String resourceVersion, int running) {
    }
}
