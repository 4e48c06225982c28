package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics (served at /q/metrics), derived from what each reconcile changed in an
 * instance's status: instances by phase, step attempts by outcome, how long a ready step waited for its
 * first pod, reconcile time, and queue depth. Names below are Micrometer's; Prometheus sees
 * {@code baton_instances}, {@code baton_step_attempts_total}, {@code baton_step_launch_delay_seconds},
 * {@code baton_reconcile_seconds} and {@code baton_queue_depth}.
 */
@ApplicationScoped
public class InstanceMetrics {
    static final String INSTANCES = "baton.instances";
    static final String ATTEMPTS = "baton.step.attempts";
    static final String LAUNCH_DELAY = "baton.step.launch.delay";
    static final String RECONCILE = "baton.reconcile";
    static final String QUEUE_DEPTH = "baton.queue.depth";

    private final MeterRegistry registry;
    private final Timer launchDelay;
    /** The last phase seen of each instance, by uid. */
    private final Map<String, Key> phases = new ConcurrentHashMap<>();
    /** Instances per (namespace, phase), each backing one gauge. */
    private final Map<Key, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> queues = new ConcurrentHashMap<>();

    public InstanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.launchDelay = Timer.builder(LAUNCH_DELAY)
                .description("Time from a step being ready (its dependencies ended, or the instance started) to its first attempt's start")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /**
     * Records what one reconcile changed: {@code before} is the status the reconcile read (null for a new
     * instance), {@code after} the one it computed. Called once per reconcile; an attempt is counted when
     * it first appears ended, so repeating a reconcile counts nothing twice.
     *
     * @param spec the pinned spec, for the dependencies of a starting step; may be null when nothing started
     */
    public void observe(WorkflowInstance instance, Definition spec, WorkflowInstanceStatus before,
                        WorkflowInstanceStatus after, Instant now) {
        if (after == null) {
            return;
        }
        String namespace = instance.getMetadata().getNamespace();
        if (after.phase != null && instance.getMetadata().getUid() != null) {
            phase(instance.getMetadata().getUid(), new Key(namespace, after.phase.name()));
        }
        String workflow = workflow(instance);
        Map<String, AttemptStatus> old = attempts(before);
        for (StepStatus step : after.steps == null ? List.<StepStatus>of() : after.steps) {
            for (AttemptStatus a : step.attempts == null ? List.<AttemptStatus>of() : step.attempts) {
                AttemptStatus previous = old.get(step.name + "/" + a.number);
                if (ended(a) && (previous == null || !ended(previous))) {
                    Counter.builder(ATTEMPTS).description("Step attempts that ended, by outcome")
                            .tag("outcome", a.outcome.name()).tag("workflow", workflow).tag("namespace", namespace)
                            .register(registry).increment();
                }
                if (previous == null && Integer.valueOf(1).equals(a.number) && a.startTime != null) {
                    Instant ready = readySince(spec, step.name, after);
                    if (ready != null) {
                        Duration delay = Duration.between(ready, StatusCodec.time(a.startTime));
                        launchDelay.record(delay.isNegative() ? Duration.ZERO : delay);
                    }
                }
            }
        }
    }

    /** Stops counting an instance that is gone (call it when an ended instance is deleted). */
    public void forget(String uid) {
        phases.computeIfPresent(uid, (k, key) -> {
            counts.get(key).decrementAndGet();
            return null;
        });
    }

    /** Sets how many instances of a workflow wait in its queue. */
    public void queueDepth(String namespace, String workflow, int depth) {
        queues.computeIfAbsent(new Key(namespace, workflow), k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(QUEUE_DEPTH, value, AtomicInteger::get).description("Instances waiting in a workflow's queue")
                    .tag("namespace", namespace).tag("workflow", workflow).register(registry);
            return value;
        }).set(depth);
    }

    /** Starts timing a reconcile; pass the sample to {@link #stop}. */
    public Timer.Sample start() {
        return Timer.start(registry);
    }

    /** Ends timing a reconcile, tagged with its outcome (success or error). */
    public void stop(Timer.Sample sample, String outcome) {
        sample.stop(Timer.builder(RECONCILE).description("Time of one reconcile of a WorkflowInstance")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry));
    }

    /** Runs a reconcile and times it; an exception is timed as outcome error and rethrown. */
    public <T> T time(Supplier<T> reconcile) {
        Timer.Sample sample = start();
        String outcome = "error";
        try {
            T result = reconcile.get();
            outcome = "success";
            return result;
        } finally {
            stop(sample, outcome);
        }
    }

    private void phase(String uid, Key key) {
        phases.compute(uid, (k, previous) -> {
            if (!key.equals(previous)) {
                if (previous != null) {
                    counts.get(previous).decrementAndGet();
                }
                count(key).incrementAndGet();
            }
            return key;
        });
    }

    private AtomicInteger count(Key key) {
        return counts.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(INSTANCES, value, AtomicInteger::get).description("WorkflowInstances known to this operator, by phase")
                    .tag("namespace", key.namespace()).tag("phase", key.name()).register(registry);
            return value;
        });
    }

    /** When a step became ready: its dependencies' latest end, or the instance's start for a root step. */
    private static Instant readySince(Definition spec, String stepName, WorkflowInstanceStatus status) {
        Step step = spec == null ? null : spec.step(stepName);
        if (step == null) {
            return null;
        }
        Set<String> dependencies = new HashSet<>();
        step.dependsOn().forEach(edge -> dependencies.add(edge.step()));
        Instant ready = null;
        for (StepStatus s : status.steps) {
            if (dependencies.contains(s.name) && s.completionTime != null) {
                Instant end = StatusCodec.time(s.completionTime);
                ready = ready == null || end.isAfter(ready) ? end : ready;
            }
        }
        if (ready == null && dependencies.isEmpty()) {
            return StatusCodec.time(status.startTime);
        }
        return ready;
    }

    private static Map<String, AttemptStatus> attempts(WorkflowInstanceStatus status) {
        Map<String, AttemptStatus> out = new HashMap<>();
        if (status != null && status.steps != null) {
            for (StepStatus s : status.steps) {
                for (AttemptStatus a : s.attempts == null ? List.<AttemptStatus>of() : s.attempts) {
                    out.put(s.name + "/" + a.number, a);
                }
            }
        }
        return out;
    }

    private static boolean ended(AttemptStatus a) {
        return a.outcome != null && a.outcome != AttemptOutcome.Running;
    }

    private static String workflow(WorkflowInstance instance) {
        return instance.getSpec() == null || instance.getSpec().workflowRef == null || instance.getSpec().workflowRef.name == null
                ? "" : instance.getSpec().workflowRef.name;
    }

    /** A namespace and a name: a phase for instance counts, a workflow for queues. */
    private record Key(String namespace, String name) {
    }
}
