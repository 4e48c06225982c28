package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IterationInstancesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:05Z");
    private final Definition spec = spec();

    @Test
    void anIterationThatOnlyLaunchedItsFirstAttemptsWritesNothingYet() {
        WorkflowInstanceStatus next = status(step("a", StepPhase.Running, attempt(1, AttemptOutcome.Running)), step("b", StepPhase.Pending));
        assertThat(IterationInstances.deferrable(iteration(), spec, null, next)).isTrue();
        assertThat(IterationInstances.deferrable(iteration(), spec, new WorkflowInstanceStatus(), next))
                .as("never written: the empty status every instance is read with").isTrue();
    }

    @Test
    void anythingElseIsWritten() {
        WorkflowInstanceStatus launched = status(step("a", StepPhase.Running, attempt(1, AttemptOutcome.Running)));
        assertThat(IterationInstances.deferrable(topLevel(), spec, null, launched)).as("a top-level instance shows Running").isFalse();
        assertThat(IterationInstances.deferrable(iteration(), spec, launched, launched)).as("written before").isFalse();
        assertThat(IterationInstances.deferrable(iteration(), spec, null,
                status(step("a", StepPhase.Succeeded, attempt(1, AttemptOutcome.Succeeded)), step("b", StepPhase.Running, attempt(1, AttemptOutcome.Running)))))
                .as("an ended attempt").isFalse();
        assertThat(IterationInstances.deferrable(iteration(), spec, null,
                status(step("a", StepPhase.Running, attempt(1, AttemptOutcome.PlatformError), attempt(2, AttemptOutcome.Running)))))
                .as("a retry").isFalse();
        assertThat(IterationInstances.deferrable(iteration(), spec, null, status(step("nap", StepPhase.Running))))
                .as("a sleep's start lives only in status").isFalse();
        WorkflowInstanceStatus done = status(step("a", StepPhase.Succeeded, attempt(1, AttemptOutcome.Succeeded)));
        done.phase = InstancePhase.Succeeded;
        assertThat(IterationInstances.deferrable(iteration(), spec, null, done)).isFalse();
    }

    @Test
    void anIterationWhoseFirstAttemptWaitsInAKueueQueueOrWasAdmittedIsWritten() {
        assertThat(IterationInstances.deferrable(iteration(), spec, null, status(step("a", StepPhase.Running,
                attempt(1, AttemptOutcome.Admitting))))).as("Admitting shows").isFalse();
        AttemptStatus admitted = attempt(1, AttemptOutcome.Running);
        admitted.admissionTime = "2026-11-24T10:00:03Z";
        assertThat(IterationInstances.deferrable(iteration(), spec, null, status(step("a", StepPhase.Running, admitted))))
                .as("an eviction is told by the admission status remembers").isFalse();
    }

    @Test
    void anIterationStartsWhenItWasCreated() {
        assertThat(IterationInstances.start(iteration(), NOW)).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(IterationInstances.start(topLevel(), NOW)).as("a top-level instance may have queued").isEqualTo(NOW);
    }

    private static Definition spec() {
        return Specs.parse("""
                    steps:
                      - {name: a, bash: {script: x}}
                      - {name: b, dependsOn: [a], bash: {script: x}}
                      - {name: nap, sleep: {duration: 1m}}
                    """);
    }

    private static WorkflowInstance topLevel() {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withCreationTimestamp("2026-11-24T10:00:00Z").build());
        i.setSpec(new WorkflowInstanceSpec());
        return i;
    }

    private static WorkflowInstance iteration() {
        WorkflowInstance parent = topLevel();
        WorkflowInstance i = topLevel();
        i.getMetadata().setName("run-each-0");
        i.getMetadata().setLabels(java.util.Map.of(dev.baton.executor.Labels.PARENT, parent.getMetadata().getName()));
        i.getMetadata().setOwnerReferences(List.of(TestInstances.controlledBy(parent)));
        i.getSpec().body = new WorkflowInstanceSpec.BodyRef();
        i.getSpec().body.revision = "r";
        i.getSpec().body.path = List.of("each");
        return i;
    }

    private static WorkflowInstanceStatus status(StepStatus... steps) {
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = InstancePhase.Running;
        s.steps.addAll(List.of(steps));
        return s;
    }

    private static StepStatus step(String name, StepPhase phase, AttemptStatus... attempts) {
        StepStatus s = new StepStatus();
        s.name = name;
        s.phase = phase;
        s.attempts.addAll(List.of(attempts));
        return s;
    }

    private static AttemptStatus attempt(int number, AttemptOutcome outcome) {
        AttemptStatus a = new AttemptStatus();
        a.number = number;
        a.outcome = outcome;
        return a;
    }
}
