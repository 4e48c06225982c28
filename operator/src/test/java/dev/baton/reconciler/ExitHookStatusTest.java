package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Attempt;
import dev.baton.engine.Expressions;
import dev.baton.engine.Plan;
import dev.baton.engine.Planner;
import dev.baton.engine.RunState;
import dev.baton.engine.Specs;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an instance with exit hooks shows: its hooks marked in status.steps, and RunningExitHooks. */
class ExitHookStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
    private final Planner planner = new Planner(new Expressions());
    private final Definition definition = Specs.parse("""
            steps: [{name: a, noop: {}}]
            onExit: [{name: h, bash: {script: x}}]
            """);

    @Test
    void whileHooksRunTheConditionIsTrueAndOnceEndedItSaysWhatEachDid() {
        WorkflowInstance instance = instance();
        Plan hooking = planner.plan(definition, new RunState("run", "ns", NOW, Map.of(), Map.of(), Map.of()), NOW);
        WorkflowInstanceStatus running = InstanceStatusBuilder.running(instance, setup(), NOW, hooking, Map.of(), NOW);
        assertThat(running.phase).isEqualTo(InstancePhase.Running);
        assertThat(running.steps).extracting(s -> s.name + "=" + s.exitHook).containsExactly("a=null", "h=true");
        assertThat(condition(running)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ExitHooksRunning");
            assertThat(c.getMessage()).isEqualTo("the steps have ended; exit hooks running: h");
        });

        instance.setStatus(running);
        var ended = Map.of("h", Map.of(1, new Attempt(1, AttemptOutcome.Succeeded, NOW, NOW.plusSeconds(1), 0, null, null, Map.of())));
        Plan done = planner.plan(definition, new RunState("run", "ns", NOW, Map.of(), StatusCodec.steps(running), ended),
                NOW.plusSeconds(2));
        WorkflowInstanceStatus after = InstanceStatusBuilder.running(instance, setup(), NOW, done, Map.of(), NOW.plusSeconds(2));
        assertThat(after.phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(condition(after)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ExitHooksEnded");
            assertThat(c.getMessage()).isEqualTo("exit hooks: h Succeeded");
        });
        assertThat(after.steps).filteredOn(s -> Boolean.TRUE.equals(s.exitHook)).extracting((StepStatus s) -> s.name)
                .containsExactly("h");
    }

    @Test
    void aWorkflowWithoutHooksHasNoSuchCondition() {
        Definition plain = Specs.parse("steps: [{name: a, noop: {}}]");
        Plan plan = planner.plan(plain, new RunState("run", "ns", NOW, Map.of(), Map.of(), Map.of()), NOW);
        InstanceSetup.Setup setup = new InstanceSetup.Setup("run-r1", plain, Map.of(), null, null, List.of(), null);
        WorkflowInstanceStatus status = InstanceStatusBuilder.running(instance(), setup, NOW, plan, Map.of(), NOW);
        assertThat(status.conditions).extracting(Condition::getType).doesNotContain("RunningExitHooks");
    }

    private InstanceSetup.Setup setup() {
        return new InstanceSetup.Setup("run-r1", definition, Map.of(), null, null, List.of(), null);
    }

    private static WorkflowInstance instance() {
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withGeneration(1L).build());
        return instance;
    }

    private static Condition condition(WorkflowInstanceStatus status) {
        return status.conditions.stream().filter(c -> c.getType().equals("RunningExitHooks")).findFirst().orElseThrow();
    }
}
