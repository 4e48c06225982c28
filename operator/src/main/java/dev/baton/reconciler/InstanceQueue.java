package dev.baton.reconciler;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.RunQueue;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.StepPhase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The other instances of an instance's workflow, read from the operator's cache through an index, for
 * run strategies and stepConcurrency. Queue order and limits are recomputed from the resources on
 * every reconcile, so they survive restarts of the operator.
 */
final class InstanceQueue {
    static final String INDEX = "baton.dev/workflow";
    static final String TREE = "baton.dev/tree";
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** Running leaf steps per instance uid, as last written by this process. */
    private static final Map<String, Integer> WRITTEN = new ConcurrentHashMap<>();

    private InstanceQueue() {
    }

    /** Top-level instances by workflow; loop iterations are the parent's business, not the queue's. */
    /** The top-level instance of an instance's tree (itself when it is top-level). */
    static String root(WorkflowInstance i) {
        Map<String, String> labels = i.getMetadata().getLabels();
        String root = labels == null ? null : labels.get(dev.baton.executor.Labels.ROOT);
        return root != null ? root : i.getMetadata().getName();
    }

    static void index(IndexerResourceCache<WorkflowInstance> cache) {
        cache.addIndexer(TREE, i -> List.of(i.getMetadata().getNamespace() + "/" + root(i)));
        cache.addIndexer(INDEX, i -> child(i) ? List.of() : List.of(key(i)));
    }

    /** Loop iterations and subworkflow runs belong to their parent and skip run strategies. */
    static boolean child(WorkflowInstance i) {
        return i.getMetadata().getLabels() != null && i.getMetadata().getLabels().containsKey(dev.baton.executor.Labels.PARENT);
    }

    static String key(WorkflowInstance i) {
        String ref = i.getSpec() == null || i.getSpec().workflowRef == null ? "" : i.getSpec().workflowRef.name;
        return i.getMetadata().getNamespace() + "/" + ref;
    }

    /**
     * Instances of one workflow are planned one at a time in this process when the workflow limits their
     * steps, so that two of them never spend the same unit of stepConcurrency.
     */
    static ReentrantLock lock(WorkflowInstance i) {
        return LOCKS.computeIfAbsent("workflow:" + key(i), k -> new ReentrantLock());
    }

    /**
     * Run strategies: start, wait in the queue, or stop (FirstOnly, LastOnly, SerialLatestOnly). Also
     * reports the workflow's queue depth (instances waiting to start) to the metrics.
     */
    static RunQueue.Decision decide(WorkflowInstance instance, Definition spec, Context<WorkflowInstance> context,
                                    InstanceMetrics metrics) {
        var old = instance.getStatus();
        boolean started = old != null && old.phase != null && old.phase != dev.baton.engine.model.InstancePhase.Pending
                && old.phase != dev.baton.engine.model.InstancePhase.Queued;
        if (started && !RunQueue.watchesSiblingsOnceStarted(spec.runStrategy())) {
            // Nothing another instance does changes a started run's fate: skip the scan of every sibling,
            // which made a burst of n instances cost n² (a third of the operator's CPU in the burst bench).
            return RunQueue.keepRunning(spec.runStrategy(), sibling(instance), List.of());
        }
        RunQueue.Sibling me = sibling(instance);
        List<RunQueue.Sibling> others = siblings(instance, context);
        RunQueue.Decision d = started ? RunQueue.keepRunning(spec.runStrategy(), me, others)
                : RunQueue.admit(spec.runStrategy(), me, others);
        long waiting = others.stream().filter(o -> o.phase() == null || o.phase() == dev.baton.engine.model.InstancePhase.Pending
                || o.phase() == dev.baton.engine.model.InstancePhase.Queued).count() + (d.kind() == RunQueue.Decision.Kind.Wait ? 1 : 0);
        String ref = instance.getSpec() == null || instance.getSpec().workflowRef == null ? "" : instance.getSpec().workflowRef.name;
        metrics.queueDepth(instance.getMetadata().getNamespace(), ref, (int) waiting);
        return d;
    }

    static List<RunQueue.Sibling> siblings(WorkflowInstance me, Context<WorkflowInstance> context) {
        return others(me, context).stream().map(InstanceQueue::sibling).toList();
    }

    static RunQueue.Sibling sibling(WorkflowInstance i) {
        String created = i.getMetadata().getCreationTimestamp();
        return new RunQueue.Sibling(i.getMetadata().getName(), created == null ? Instant.EPOCH : parsed(created),
                i.getStatus() == null ? null : i.getStatus().phase);
    }

    /**
     * Creation timestamps, parsed once: an instance that has not started reads every sibling, and in a
     * burst of n instances created within a few seconds the n² parses of the same few strings were a
     * tenth of the operator's CPU. Bounded: cleared when full.
     */
    private static final Map<String, Instant> PARSED = new ConcurrentHashMap<>();

    private static Instant parsed(String timestamp) {
        Instant t = PARSED.get(timestamp);
        if (t == null) {
            if (PARSED.size() > 10_000) {
                PARSED.clear();
            }
            t = Instant.parse(timestamp);
            PARSED.put(timestamp, t);
        }
        return t;
    }

    /**
     * How many more leaf steps may start now, or -1 without a limit: the smaller of what the workflow's
     * stepConcurrency leaves (across its instances) and what the root's instanceStepConcurrency leaves
     * (across the instance tree).
     */
    static int launchBudget(Definition spec, Integer treeLimit, WorkflowInstance me, Context<WorkflowInstance> context) {
        int budget = -1;
        if (spec.stepConcurrency() != null) {
            int running = runningSteps(me);
            for (WorkflowInstance other : others(me, context)) {
                running += runningSteps(other);
            }
            budget = Math.max(0, spec.stepConcurrency() - running);
        }
        if (treeLimit != null) {
            int running = 0;
            for (WorkflowInstance member : context.getPrimaryCache().byIndex(TREE, me.getMetadata().getNamespace() + "/" + root(me))) {
                running += runningSteps(member);
            }
            int tree = Math.max(0, treeLimit - running);
            budget = budget < 0 ? tree : Math.min(budget, tree);
        }
        return budget;
    }

    /**
     * Runs a planning pass holding the workflow's lock (when it sets stepConcurrency) and the tree's
     * (when its root sets instanceStepConcurrency), always in that order, so that two instances never
     * spend the same unit of a limit.
     */
    static <T> T locked(WorkflowInstance i, boolean workflow, boolean tree, java.util.function.Supplier<T> pass) {
        ReentrantLock w = workflow ? lock(i) : null;
        ReentrantLock t = tree ? treeLock(i) : null;
        if (w != null) {
            w.lock();
        }
        if (t != null) {
            t.lock();
        }
        try {
            return pass.get();
        } finally {
            if (t != null) {
                t.unlock();
            }
            if (w != null) {
                w.unlock();
            }
        }
    }

    /** Instances of one tree are planned one at a time when the tree limits its steps. */
    static ReentrantLock treeLock(WorkflowInstance i) {
        return LOCKS.computeIfAbsent("tree:" + i.getMetadata().getNamespace() + "/" + root(i), k -> new ReentrantLock());
    }

    /**
     * Running leaf steps of an instance: as this process last wrote them when it did (the informer's
     * index may not have seen that write yet), else as the cache shows them.
     */
    private static int runningSteps(WorkflowInstance i) {
        Integer written = WRITTEN.get(i.getMetadata().getUid());
        return written != null ? written : runningSteps(i.getStatus());
    }

    /** Remembers what a status write says about running steps, for the budgets of the next passes. */
    static void written(WorkflowInstance i, WorkflowInstanceStatus status) {
        String uid = i.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        if (status.phase != null && status.phase.terminal()) {
            WRITTEN.remove(uid);
        } else {
            WRITTEN.put(uid, runningSteps(status));
        }
    }

    private static int runningSteps(WorkflowInstanceStatus status) {
        if (status == null || status.phase == null || status.phase.terminal()) {
            return 0;
        }
        int n = 0;
        for (StepStatus s : status.steps) {
            if (s.phase == StepPhase.Running && !s.attempts.isEmpty()
                    && s.attempts.get(s.attempts.size() - 1).outcome == AttemptOutcome.Running) {
                n++;
            }
        }
        return n;
    }

    private static List<WorkflowInstance> others(WorkflowInstance me, Context<WorkflowInstance> context) {
        return context.getPrimaryCache().byIndex(INDEX, key(me)).stream()
                .filter(i -> !i.getMetadata().getName().equals(me.getMetadata().getName()))
                .toList();
    }
}
