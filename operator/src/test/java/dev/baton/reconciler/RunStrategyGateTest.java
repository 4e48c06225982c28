package dev.baton.reconciler;

import static dev.baton.reconciler.TestInstances.at;
import static dev.baton.reconciler.TestInstances.child;
import static dev.baton.reconciler.TestInstances.instance;
import static dev.baton.reconciler.TestInstances.limited;
import static dev.baton.reconciler.TestInstances.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.RunQueue;
import dev.baton.engine.model.InstancePhase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Run strategies read the other top-level instances of the workflow from the cache. */
class RunStrategyGateTest {
    private final InMemoryInstanceCache cache = new InMemoryInstanceCache();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RunStrategyGate gate;

    @BeforeEach
    void setUp() {
        InstanceIndex index = new InstanceIndex();
        index.register(cache);
        gate = new RunStrategyGate(index, new InstanceMetrics(registry, index, new TestClock(Instant.parse(TestInstances.CREATED))));
    }

    @Test
    void aNewInstanceWaitsWhileAnotherOfItsWorkflowRuns() {
        WorkflowInstance running = cached(at(instance("ns", "a", "report"), "2", status(InstancePhase.Running, 1)));
        WorkflowInstance waiting = cached(instance("ns", "b", "report"));
        assertThat(gate.decide(waiting, limited(null)).kind()).isEqualTo(RunQueue.Decision.Kind.Wait);
        assertThat(gate.decide(running, limited(null)).kind()).isEqualTo(RunQueue.Decision.Kind.Start);
        assertThat(gate.decide(cached(instance("ns", "c", "other")), limited(null)).kind()).isEqualTo(RunQueue.Decision.Kind.Start);
        assertThat(registry.get(InstanceMetrics.QUEUE_DEPTH).tag("workflow", "report").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void loopIterationsAndSubworkflowRunsAlwaysStart() {
        WorkflowInstance parent = cached(at(instance("ns", "a", "report"), "2", status(InstancePhase.Running, 1)));
        assertThat(gate.decide(cached(child(parent, "a-loop-0")), limited(null)).kind()).isEqualTo(RunQueue.Decision.Kind.Start);
        assertThat(registry.find(InstanceMetrics.QUEUE_DEPTH).gauge()).as("no queue of their own").isNull();
    }

    @Test
    void parsedCreationTimestampsAreBounded() {
        WorkflowInstance me = cached(instance("ns", "me", "report"));
        for (int n = 0; n < RunStrategyGate.TIMESTAMPS + 10; n++) {
            WorkflowInstance other = instance("ns", "i" + n, "report");
            other.getMetadata().setCreationTimestamp(Instant.parse(TestInstances.CREATED).plusSeconds(n).toString());
            cache.put(other);
            if (n % 1_000 == 0 || n >= RunStrategyGate.TIMESTAMPS) {
                gate.decide(me, limited(null));
            }
        }
        assertThat(gate.parsedSize()).isLessThanOrEqualTo(RunStrategyGate.TIMESTAMPS);
    }

    private WorkflowInstance cached(WorkflowInstance i) {
        cache.put(i);
        return i;
    }
}
