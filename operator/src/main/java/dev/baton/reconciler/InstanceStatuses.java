package dev.baton.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.AttemptOutcome;
import dev.baton.api.AttemptStatus;
import dev.baton.api.Executor;
import dev.baton.api.InstancePhase;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Durations;
import dev.baton.engine.Plan;
import dev.baton.engine.StepState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Builds an instance's status from a plan; a pure function of its inputs. */
final class InstanceStatuses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InstanceStatuses() {
    }

    static WorkflowInstanceStatus invalid(WorkflowInstance instance, InstanceSetup.Setup setup, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = InstancePhase.Failed;
        s.revision = setup.revision();
        s.message = setup.invalidMessage();
        s.startTime = old != null && old.startTime != null ? old.startTime : RunStates.text(now);
        s.completionTime = RunStates.text(now);
        s.duration = Durations.format(Duration.between(RunStates.time(s.startTime), now));
        s.observedGeneration = instance.getMetadata().getGeneration();
        s.conditions = Conditions.set(old == null ? null : old.conditions, "Valid", false, setup.invalidReason(),
                setup.invalidMessage(), s.observedGeneration, now);
        return s;
    }

    static WorkflowInstanceStatus running(WorkflowInstance instance, InstanceSetup.Setup setup, Instant startTime,
                                          Plan plan, Map<String, String> refused, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = plan.phase();
        s.revision = setup.revision();
        s.params = setup.params();
        s.startTime = RunStates.text(startTime);
        s.message = plan.message();
        s.observedGeneration = instance.getMetadata().getGeneration();
        for (StepState step : plan.steps()) {
            boolean jobs = StepLauncher.executorOf(setup.spec(), step.name()) == Executor.Job;
            StepStatus st = RunStates.toStatus(step, instance.getMetadata().getName(), jobs);
            markRefused(st, refused, now);
            s.steps.add(st);
        }
        s.progress = plan.done() + "/" + plan.steps().size();
        if (s.phase.terminal()) {
            s.completionTime = old != null && old.completionTime != null ? old.completionTime : RunStates.text(now);
            s.duration = Durations.format(Duration.between(startTime, RunStates.time(s.completionTime)));
        }
        s.conditions = Conditions.set(old == null ? null : old.conditions, "Valid", true, "Valid", "",
                s.observedGeneration, now);
        boolean ok = s.phase == InstancePhase.Succeeded;
        s.conditions = Conditions.set(s.conditions, "Ready", ok, s.phase.name(), s.message, s.observedGeneration, now);
        return s;
    }

    /** An attempt whose Job or Pod the API refused ended then, as a platform error retried with backoff. */
    private static void markRefused(StepStatus step, Map<String, String> refused, Instant now) {
        for (AttemptStatus a : step.attempts) {
            String why = refused.get(step.name + "/" + a.number);
            if (why != null && a.outcome == AttemptOutcome.Running) {
                a.outcome = AttemptOutcome.PlatformError;
                a.reason = "CreateRefused";
                a.message = why;
                a.completionTime = RunStates.text(now);
            }
        }
    }

    /** Equal as JSON: a status that would not change is not patched. */
    static boolean same(WorkflowInstanceStatus a, WorkflowInstanceStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return JSON.valueToTree(a).equals(JSON.valueToTree(b));
    }
}
