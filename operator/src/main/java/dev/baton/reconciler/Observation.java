package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.RunQueue;
import dev.baton.engine.RunState;
import dev.baton.executor.JobPodRefusals;
import dev.baton.executor.Ownership;
import java.time.Instant;

/**
 * All one reconcile knows before it decides, read from the instance and the operator's caches with no
 * write: where the instance is in its life, what it runs, and for a running one its run as the cluster
 * shows it. Built in two reads: {@link InstanceObserver#setup} (before the planning lock) and
 * {@link InstanceObserver#observe} (under it, as it reads the budgets the lock protects).
 *
 * @param treeLimit the instance tree's instanceStepConcurrency, or null
 * @param queue     the run strategy's verdict for a top-level instance (Start for children), or null
 * @param run       the run as the engine reads it, for an instance that runs
 * @param startTime when the run started (now for one that starts in this reconcile)
 * @param starting  true when this reconcile starts the run
 * @param podRefusals the instance's Jobs whose pods the cluster refuses, and when to look again for such
 * @param owned     the Jobs and Pods labelled for the instance that it controls, and those it does not
 */
record Observation(WorkflowInstance instance, Instant now, Stage stage, InstanceSetup.Setup setup, Integer treeLimit,
                   RunQueue.Decision queue, RunState run, Instant startTime, boolean starting,
                   JobPodRefusals.Found podRefusals, Ownership owned) {

    /** Where an instance is in its life, which decides what a reconcile may do. */
    enum Stage {
        /** Ended, and no restart asked for: nothing to do. */
        Ended,
        /** Ended, with a new restart nonce. */
        Restart,
        /** Ended, with step actions not taken yet. */
        ActionsOnEnded,
        /** It cannot run: its setup says why. */
        Invalid,
        /** Not ended: queued, starting or running. */
        Live
    }

    static Observation of(WorkflowInstance instance, Instant now, Stage stage, InstanceSetup.Setup setup, Ownership owned) {
        return new Observation(instance, now, stage, setup, null, null, null, null, false, JobPodRefusals.Found.NONE, owned);
    }

    /** True when planning must hold the workflow's lock: it limits leaf steps across its instances. */
    boolean limitsWorkflow() {
        return stage == Stage.Live && setup.definition().stepConcurrency() != null;
    }

    /** True when planning must hold the tree's lock: its root limits leaf steps across the tree. */
    boolean limitsTree() {
        return stage == Stage.Live && treeLimit != null;
    }
}
