package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics (served at /q/metrics): step attempts by outcome and how long a ready
 * step waited for its first pod, derived from what each reconcile changed in an instance's status;
 * reconcile time; and instances by phase and queue depth, counted from the cache when scraped (see
 * {@link InstanceCensus}), so nothing is kept per instance. Names below are Micrometer's; Prometheus sees
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

    /** How old a census the gauges may show: one pass over the cache serves every gauge of a scrape. */
    static final Duration CENSUS_AGE = Duration.ofSeconds(1);
    /** How often gauges of namespaces and workflows left without instances are removed. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final MeterRegistry registry;
    private final InstanceIndex index;
    private final Clock clock;
    private final Timer launchDelay;
    /** The baton_instances gauges of each namespace that has instances, one per phase. */
    private final Map<String, List<Gauge>> namespaces = new ConcurrentHashMap<>();
    /** The baton_queue_depth gauge of each workflow that has top-level instances. */
    private final Map<InstanceCensus.Key, Gauge> queues = new ConcurrentHashMap<>();
    private volatile Counted counted = new Counted(Instant.MIN, InstanceCensus.EMPTY);
    private volatile Instant prunedAt = Instant.MIN;

    public InstanceMetrics(MeterRegistry registry, InstanceIndex index, Clock clock) {
        this.registry = registry;
        this.index = index;
        this.clock = clock;
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
     * it first appears ended, so repeating a reconcile counts nothing twice. Instances by phase are counted
     * from the cache; this only makes sure the instance's namespace has its gauges.
     *
     * @param spec the pinned spec, for the dependencies of a starting step; may be null when nothing started
     */
    public void observe(WorkflowInstance instance, Definition spec, WorkflowInstanceStatus before,
                        WorkflowInstanceStatus after, Instant now) {
        if (after == null) {
            return;
        }
        String namespace = instance.getMetadata().getNamespace();
        namespaces.computeIfAbsent(namespace, this::phaseGauges);
        prune();
        String workflow = InstanceTree.workflow(instance);
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

    /** Exports the depth of a workflow's queue: its top-level instances waiting to start, as cached. */
    public void queue(String namespace, String workflow) {
        queues.computeIfAbsent(new InstanceCensus.Key(namespace, workflow), k -> Gauge.builder(QUEUE_DEPTH,
                        () -> census().waiting(namespace, workflow))
                .description("Instances waiting in a workflow's queue")
                .tag("namespace", namespace).tag("workflow", workflow).register(registry));
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

    /**
     * Gauges stay while their namespace (instance counts, 0 in a phase nobody is in) or workflow (queue
     * depth, 0 when nobody waits) has instances, and go when the last is deleted: a gauge per namespace or
     * workflow ever seen would grow with every test namespace and renamed workflow. Checked at most once
     * per {@link #PRUNE_EVERY}, against a census taken for the purpose.
     */
    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(prunedAt.plus(PRUNE_EVERY))) {
            return;
        }
        prunedAt = now;
        InstanceCensus census = recount(now);
        for (String namespace : namespaces.keySet()) {
            namespaces.computeIfPresent(namespace, (ns, gauges) -> {
                if (census.hasInstances(ns)) {
                    return gauges;
                }
                gauges.forEach(registry::remove);
                return null;
            });
        }
        for (InstanceCensus.Key key : queues.keySet()) {
            queues.computeIfPresent(key, (k, gauge) -> {
                if (census.hasInstances(k.namespace(), k.name())) {
                    return gauge;
                }
                registry.remove(gauge);
                return null;
            });
        }
    }

    /** Gauges registered (a namespace's phases count as one), for tests. */
    int gauges() {
        return namespaces.size() + queues.size();
    }

    private List<Gauge> phaseGauges(String namespace) {
        List<Gauge> gauges = new ArrayList<>();
        for (InstancePhase phase : InstancePhase.values()) {
            gauges.add(Gauge.builder(INSTANCES, () -> census().instances(namespace, phase))
                    .description("WorkflowInstances known to this operator, by phase")
                    .tag("namespace", namespace).tag("phase", phase.name()).register(registry));
        }
        return gauges;
    }

    /** The cached instances counted, at most {@link #CENSUS_AGE} ago. */
    private InstanceCensus census() {
        Counted c = counted;
        Instant now = clock.instant();
        return now.isBefore(c.at().plus(CENSUS_AGE)) ? c.census() : recount(now);
    }

    private InstanceCensus recount(Instant now) {
        InstanceCensus census = InstanceCensus.of(index.all());
        counted = new Counted(now, census);
        return census;
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
        return a.outcome != null && a.outcome.ended();
    }

    /** A census and when it was taken. */
    private record Counted(Instant at, InstanceCensus census) {
    }
}
