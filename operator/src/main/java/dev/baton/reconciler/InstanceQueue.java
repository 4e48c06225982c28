package dev.baton.reconciler;

import dev.baton.api.AttemptOutcome;
import dev.baton.api.StepPhase;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowSpec;
import dev.baton.engine.RunQueue;
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
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private InstanceQueue() {
    }

    /** Top-level instances by workflow; loop iterations are the parent's business, not the queue's. */
    static void index(IndexerResourceCache<WorkflowInstance> cache) {
        cache.addIndexer(INDEX, i -> i.getSpec() != null && i.getSpec().body != null ? List.of() : List.of(key(i)));
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
        return LOCKS.computeIfAbsent(key(i), k -> new ReentrantLock());
    }

    /**
     * Run strategies: start, wait in the queue, or stop (FirstOnly, LastOnly, SerialLatestOnly). Also
     * reports the workflow's queue depth (instances waiting to start) to the metrics.
     */
    static RunQueue.Decision decide(WorkflowInstance instance, WorkflowSpec spec, Context<WorkflowInstance> context,
                                    InstanceMetrics metrics) {
        var old = instance.getStatus();
        RunQueue.Sibling me = sibling(instance);
        List<RunQueue.Sibling> others = siblings(instance, context);
        boolean started = old != null && old.phase != null && old.phase != dev.baton.api.InstancePhase.Pending
                && old.phase != dev.baton.api.InstancePhase.Queued;
        RunQueue.Decision d = started ? RunQueue.keepRunning(spec.runStrategy, me, others)
                : RunQueue.admit(spec.runStrategy, me, others);
        long waiting = others.stream().filter(o -> o.phase() == null || o.phase() == dev.baton.api.InstancePhase.Pending
                || o.phase() == dev.baton.api.InstancePhase.Queued).count() + (d.kind() == RunQueue.Decision.Kind.Wait ? 1 : 0);
        String ref = instance.getSpec() == null || instance.getSpec().workflowRef == null ? "" : instance.getSpec().workflowRef.name;
        metrics.queueDepth(instance.getMetadata().getNamespace(), ref, (int) waiting);
        return d;
    }

    static List<RunQueue.Sibling> siblings(WorkflowInstance me, Context<WorkflowInstance> context) {
        return others(me, context).stream().map(InstanceQueue::sibling).toList();
    }

    static RunQueue.Sibling sibling(WorkflowInstance i) {
        String created = i.getMetadata().getCreationTimestamp();
        return new RunQueue.Sibling(i.getMetadata().getName(), created == null ? Instant.EPOCH : Instant.parse(created),
                i.getStatus() == null ? null : i.getStatus().phase);
    }

    /** How many more leaf steps may start now under stepConcurrency, or -1 without a limit. */
    static int launchBudget(WorkflowSpec spec, WorkflowInstance me, Context<WorkflowInstance> context) {
        if (spec.stepConcurrency == null) {
            return -1;
        }
        int running = runningSteps(me);
        for (WorkflowInstance other : others(me, context)) {
            running += runningSteps(other);
        }
        return Math.max(0, spec.stepConcurrency - running);
    }

    private static int runningSteps(WorkflowInstance i) {
        if (i.getStatus() == null || i.getStatus().phase == null || i.getStatus().phase.terminal()) {
            return 0;
        }
        int n = 0;
        for (StepStatus s : i.getStatus().steps) {
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
