package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.RunQueue;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run strategies at the door of a planning pass: whether a top-level instance starts, waits in its
 * workflow's queue, or stops (FirstOnly, LastOnly, SerialLatestOnly), given the other instances of its
 * workflow in the cache. Queue order is recomputed from the resources every time, so it survives restarts
 * of the operator.
 */
@ApplicationScoped
public class RunStrategyGate {
    /** Parsed creation timestamps kept at most; cleared when full (a burst reuses a few hundred strings). */
    static final int TIMESTAMPS = 10_000;

    private final InstanceIndex index;
    private final InstanceMetrics metrics;
    /**
     * Creation timestamps, parsed once: an instance that has not started reads every sibling, and in a
     * burst of n instances created within a few seconds the n² parses of the same few strings were a
     * tenth of the operator's CPU.
     */
    private final Map<String, Instant> parsed = new ConcurrentHashMap<>();

    public RunStrategyGate(InstanceIndex index, InstanceMetrics metrics) {
        this.index = index;
        this.metrics = metrics;
    }

    /**
     * Start, wait or stop. Loop iterations and subworkflow runs always start: their parent admitted them.
     * A top-level instance's workflow gets a queue-depth gauge.
     */
    RunQueue.Decision decide(WorkflowInstance instance, Definition spec) {
        if (InstanceTree.isChild(instance)) {
            return new RunQueue.Decision(RunQueue.Decision.Kind.Start, null);
        }
        metrics.queue(instance.getMetadata().getNamespace(), InstanceTree.workflow(instance));
        var old = instance.getStatus();
        boolean started = old != null && old.phase != null && old.phase != InstancePhase.Pending
                && old.phase != InstancePhase.Queued;
        int priority = spec.runStrategy().priority();
        RunQueue.Sibling me = sibling(instance, priority);
        if (started && !RunQueue.watchesSiblingsOnceStarted(spec.runStrategy())) {
            // Nothing another instance does changes a started run's fate: skip the scan of every sibling,
            // which made a burst of n instances cost n² (a third of the operator's CPU in the burst bench).
            return RunQueue.keepRunning(spec.runStrategy(), me, List.of());
        }
        // The others take this run's workflow priority too: all are instances of the one workflow.
        List<RunQueue.Sibling> others = index.othersOfWorkflow(instance).stream().map(i -> sibling(i, priority)).toList();
        return started ? RunQueue.keepRunning(spec.runStrategy(), me, others) : RunQueue.admit(spec.runStrategy(), me, others);
    }

    /** Timestamps remembered, for tests. */
    int parsedSize() {
        return parsed.size();
    }

    /** The instance's priority: its own spec.priority, else its workflow's (the run strategy's). */
    static int priority(WorkflowInstance i, int workflowPriority) {
        var spec = i.getSpec();
        return spec != null && spec.priority != null ? spec.priority : workflowPriority;
    }

    private RunQueue.Sibling sibling(WorkflowInstance i, int workflowPriority) {
        String created = i.getMetadata().getCreationTimestamp();
        var spec = i.getSpec();
        return new RunQueue.Sibling(i.getMetadata().getName(), created == null ? Instant.EPOCH : parsed(created),
                i.getStatus() == null ? null : i.getStatus().phase, spec != null && Boolean.TRUE.equals(spec.releaseQueue),
                priority(i, workflowPriority));
    }

    private Instant parsed(String timestamp) {
        Instant t = parsed.get(timestamp);
        if (t == null) {
            if (parsed.size() >= TIMESTAMPS) {
                parsed.clear();
            }
            t = Instant.parse(timestamp);
            parsed.put(timestamp, t);
        }
        return t;
    }
}
