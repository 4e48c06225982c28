package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Specs;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metrics derived from what a reconcile changed in an instance's status. */
class InstanceMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Definition SPEC = Specs.parse("""
            steps:
              - {name: a, bash: {script: "true"}}
              - {name: b, bash: {script: "true"}}
              - {name: c, dependsOn: [a, {step: b, when: "true"}], bash: {script: "true"}}
            """);

    private final InMemoryInstanceCache cache = new InMemoryInstanceCache();
    private final TestClock clock = new TestClock(T0);
    private SimpleMeterRegistry registry;
    private InstanceMetrics metrics;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        InstanceIndex index = new InstanceIndex();
        index.register(cache);
        metrics = new InstanceMetrics(registry, index, clock);
    }

    @Test
    void countsEachEndedAttemptOnceByOutcomeAndWorkflow() {
        WorkflowInstance i = instance("run-1", "uid-1");
        WorkflowInstanceStatus s1 = status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.Running, 0, null)));
        WorkflowInstanceStatus s2 = status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.UserError, 0, 5),
                attempt(2, AttemptOutcome.Running, 8, null)), step("b", attempt(1, AttemptOutcome.Succeeded, 0, 3)));
        WorkflowInstanceStatus s3 = status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.UserError, 0, 5),
                attempt(2, AttemptOutcome.PlatformError, 8, 9)), step("b", attempt(1, AttemptOutcome.Succeeded, 0, 3)));
        metrics.observe(i, SPEC, null, s1, T0);
        metrics.observe(i, SPEC, s1, s2, T0);
        metrics.observe(i, SPEC, s2, s2, T0); // a reconcile that changed nothing counts nothing
        metrics.observe(i, SPEC, s2, s3, T0);
        assertThat(attempts("Succeeded")).isEqualTo(1);
        assertThat(attempts("UserError")).isEqualTo(1);
        assertThat(attempts("PlatformError")).isEqualTo(1);
        assertThat(registry.find(InstanceMetrics.ATTEMPTS).tag("outcome", "Running").counter()).isNull();
    }

    @Test
    void anAttemptThatAppearsAlreadyEndedIsCounted() {
        WorkflowInstance i = instance("run-1", "uid-1");
        metrics.observe(i, SPEC, null, status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.Timeout, 0, 60))), T0);
        assertThat(attempts("Timeout")).isEqualTo(1);
    }

    @Test
    void launchDelayRunsFromTheInstanceStartForRootsAndFromTheLastDependencyForOthers() {
        WorkflowInstance i = instance("run-1", "uid-1");
        WorkflowInstanceStatus s1 = status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.Running, 2, null)));
        StepStatus a = step("a", attempt(1, AttemptOutcome.Succeeded, 2, 10));
        a.completionTime = at(10);
        StepStatus b = step("b", attempt(1, AttemptOutcome.Succeeded, 2, 12));
        b.completionTime = at(12);
        WorkflowInstanceStatus s2 = status(InstancePhase.Running, a, b, step("c", attempt(1, AttemptOutcome.Running, 15, null)));
        metrics.observe(i, SPEC, null, s1, T0);   // a: 2 s after the instance started
        metrics.observe(i, SPEC, s1, s2, T0);     // b: 2 s; c: 3 s after b, its last dependency, ended
        metrics.observe(i, SPEC, s2, s2, T0);     // nothing new
        Timer delay = registry.find(InstanceMetrics.LAUNCH_DELAY).timer();
        assertThat(delay.count()).isEqualTo(3);
        assertThat(delay.totalTime(TimeUnit.SECONDS)).isEqualTo(7.0);
        assertThat(delay.max(TimeUnit.SECONDS)).isEqualTo(3.0);
    }

    @Test
    void retriesDoNotCountAsLaunchDelay() {
        WorkflowInstance i = instance("run-1", "uid-1");
        WorkflowInstanceStatus s1 = status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.UserError, 0, 1)));
        WorkflowInstanceStatus s2 = status(InstancePhase.Running, step("a", attempt(1, AttemptOutcome.UserError, 0, 1),
                attempt(2, AttemptOutcome.Running, 30, null)));
        metrics.observe(i, SPEC, s1, s2, T0);
        assertThat(registry.find(InstanceMetrics.LAUNCH_DELAY).timer().count()).isZero();
    }

    @Test
    void instancesAreCountedByTheirPhaseInTheCacheUntilDeleted() {
        WorkflowInstance one = instance("run-1", "uid-1");
        WorkflowInstance two = instance("run-2", "uid-2");
        cache.put(TestInstances.at(one, "2", status(InstancePhase.Running)));
        cache.put(TestInstances.at(two, "2", status(InstancePhase.Running)));
        metrics.observe(one, SPEC, null, status(InstancePhase.Running), T0);
        assertThat(instances("Running")).isEqualTo(2);
        assertThat(instances("Failed")).as("every phase of a namespace with instances").isZero();
        cache.put(TestInstances.at(one, "3", status(InstancePhase.Failed)));
        clock.advance(InstanceMetrics.CENSUS_AGE);
        assertThat(instances("Running")).isEqualTo(1);
        assertThat(instances("Failed")).isEqualTo(1);
        cache.remove(one);
        clock.advance(InstanceMetrics.CENSUS_AGE);
        assertThat(instances("Failed")).isZero();
        assertThat(instances("Running")).isEqualTo(1);
    }

    @Test
    void anInstanceNotReconciledYetIsPending() {
        cache.put(instance("run-1", "uid-1"));
        metrics.observe(instance("run-2", "uid-2"), SPEC, null, status(InstancePhase.Running), T0);
        assertThat(instances("Pending")).isEqualTo(1);
    }

    @Test
    void queueDepthIsAGaugeByWorkflowOfTheTopLevelInstancesWaiting() {
        WorkflowInstance running = instance("run-1", "uid-1");
        cache.put(TestInstances.at(running, "2", status(InstancePhase.Running)));
        cache.put(TestInstances.at(instance("run-2", "uid-2"), "2", status(InstancePhase.Queued)));
        cache.put(instance("run-3", "uid-3"));
        cache.put(TestInstances.child(running, "run-1-loop-0"));
        metrics.queue("ns", "report");
        metrics.queue("ns", "report");
        metrics.queue("ns", "other");
        assertThat(registry.get(InstanceMetrics.QUEUE_DEPTH).tag("workflow", "report").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get(InstanceMetrics.QUEUE_DEPTH).tag("workflow", "other").gauge().value()).isZero();
    }

    @Test
    void gaugesGoWhenTheirNamespaceOrWorkflowHasNoInstanceLeft() {
        WorkflowInstance i = instance("run-1", "uid-1");
        cache.put(i);
        metrics.observe(i, SPEC, null, status(InstancePhase.Running), T0);
        metrics.queue("ns", "report");
        assertThat(metrics.gauges()).isEqualTo(2);
        cache.remove(i);
        clock.advance(InstanceMetrics.PRUNE_EVERY);
        WorkflowInstance elsewhere = instance("elsewhere", "uid-2", "other-ns");
        cache.put(elsewhere);
        metrics.observe(elsewhere, SPEC, null, status(InstancePhase.Running), T0);
        assertThat(registry.find(InstanceMetrics.INSTANCES).tag("namespace", "ns").gauges()).isEmpty();
        assertThat(registry.find(InstanceMetrics.QUEUE_DEPTH).gauges()).isEmpty();
        assertThat(metrics.gauges()).as("other-ns, observed after the prune").isEqualTo(1);
    }

    @Test
    void reconcilesAreTimedByOutcome() {
        assertThat(metrics.time(() -> "done")).isEqualTo("done");
        assertThatThrownBy(() -> metrics.time(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        metrics.stop(metrics.start(), "success");
        assertThat(registry.get(InstanceMetrics.RECONCILE).tag("outcome", "success").timer().count()).isEqualTo(2);
        assertThat(registry.get(InstanceMetrics.RECONCILE).tag("outcome", "error").timer().count()).isEqualTo(1);
    }

    private double attempts(String outcome) {
        return registry.get(InstanceMetrics.ATTEMPTS).tag("outcome", outcome).tag("workflow", "report")
                .tag("namespace", "ns").counter().count();
    }

    private double instances(String phase) {
        return registry.get(InstanceMetrics.INSTANCES).tag("phase", phase).tag("namespace", "ns").gauge().value();
    }

    private static WorkflowInstance instance(String name, String uid) {
        return instance(name, uid, "ns");
    }

    private static WorkflowInstance instance(String name, String uid, String namespace) {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid(uid).build());
        WorkflowInstanceSpec spec = new WorkflowInstanceSpec();
        spec.workflowRef = new WorkflowInstanceSpec.WorkflowRef();
        spec.workflowRef.name = "report";
        i.setSpec(spec);
        return i;
    }

    private static WorkflowInstanceStatus status(InstancePhase phase, StepStatus... steps) {
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = phase;
        s.startTime = at(0);
        s.steps.addAll(java.util.List.of(steps));
        return s;
    }

    private static StepStatus step(String name, AttemptStatus... attempts) {
        StepStatus s = new StepStatus();
        s.name = name;
        s.attempts.addAll(java.util.List.of(attempts));
        return s;
    }

    private static AttemptStatus attempt(int number, AttemptOutcome outcome, int start, Integer end) {
        AttemptStatus a = new AttemptStatus();
        a.number = number;
        a.outcome = outcome;
        a.startTime = at(start);
        a.completionTime = end == null ? null : at(end);
        return a;
    }

    private static String at(int seconds) {
        return T0.plusSeconds(seconds).toString();
    }

}
