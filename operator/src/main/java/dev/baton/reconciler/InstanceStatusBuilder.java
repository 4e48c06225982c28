package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Json;
import dev.baton.engine.Plan;
import dev.baton.engine.Restarts;
import dev.baton.engine.StepState;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Durations;
import dev.baton.engine.model.Executor;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Builds an instance's status from a plan; a pure function of its inputs. */
final class InstanceStatusBuilder {

    private InstanceStatusBuilder() {
    }

    static WorkflowInstanceStatus invalid(WorkflowInstance instance, InstanceSetup.Setup setup, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = InstancePhase.Failed;
        s.actions = old == null ? null : old.actions;
        s.revision = setup.revision();
        s.message = setup.invalidMessage();
        s.startTime = old != null && old.startTime != null ? old.startTime : StatusCodec.text(now);
        s.completionTime = StatusCodec.text(now);
        s.duration = duration(s.startTime, s.completionTime);
        s.deleteAfter = InstanceCollector.deleteAfter(instance, InstanceCollector.cleanup(instance, null), s);
        s.observedGeneration = instance.getMetadata().getGeneration();
        s.conditions = Conditions.set(old == null ? null : Conditions.without(old.conditions, ConditionType.Reconciled), ConditionType.Valid, false, setup.invalidReason(),
                setup.invalidMessage(), s.observedGeneration, now);
        return s;
    }

    /** Waiting for its turn under the workflow's run strategy; nothing runs yet. */
    static WorkflowInstanceStatus queued(WorkflowInstance instance, InstanceSetup.Setup setup, String why, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = InstancePhase.Queued;
        s.run = run(old);
        s.restartNonce = old == null ? null : old.restartNonce;
        s.actions = old == null ? null : old.actions;
        s.revision = setup.revision();
        s.params = setup.params();
        s.message = why;
        s.steps = old == null || old.steps == null ? new java.util.ArrayList<>() : old.steps;
        s.progress = "0/" + setup.definition().steps().size();
        s.observedGeneration = instance.getMetadata().getGeneration();
        s.conditions = Conditions.set(old == null ? null : Conditions.without(old.conditions, ConditionType.Reconciled), ConditionType.Valid, true, ConditionReason.Valid, "", s.observedGeneration, now);
        s.conditions = Conditions.set(s.conditions, ConditionType.Ready, false, ConditionReason.Queued, why, s.observedGeneration, now);
        return s;
    }

    /** A new run of an ended instance, its steps reset by the restart policy. */
    static WorkflowInstanceStatus restarted(WorkflowInstance instance, Definition definition, Instant now) {
        var restart = instance.getSpec().restart;
        WorkflowInstanceStatus s = newRun(instance, definition,
                Restarts.restart(definition, StatusCodec.steps(instance.getStatus()), restart.policy, restart.step),
                "restarted " + restart.policy + (restart.step == null ? "" : " " + restart.step), now);
        s.restartNonce = restart.nonce;
        return s;
    }

    /** The next run of an ended instance with these step states; Pending until its first pass. */
    private static WorkflowInstanceStatus newRun(WorkflowInstance instance, Definition definition, Map<String, StepState> steps,
                                                 String message, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = InstancePhase.Pending;
        s.run = run(old) + 1;
        s.restartNonce = old.restartNonce;
        s.actions = old.actions;
        s.revision = old.revision;
        s.params = old.params;
        s.message = message;
        for (StepState step : steps.values()) {
            boolean jobs = StepLauncher.executorOf(definition, step.name()) == Executor.Job;
            StepStatus st = StatusCodec.toStatus(step, instance.getMetadata().getName(), jobs);
            st.exitHook = definition.isExitHook(step.name()) ? true : null;
            s.steps.add(st);
        }
        s.progress = s.steps.stream().filter(st -> st.phase.terminal()).count() + "/" + s.steps.size();
        s.observedGeneration = instance.getMetadata().getGeneration();
        s.conditions = Conditions.set(old.conditions, ConditionType.Ready, false, ConditionReason.Restarted, s.message, s.observedGeneration, now);
        return s;
    }

    /**
     * An ended instance after the step actions asked of it: a new run of the restarted steps (the others
     * keep their results), or, when none was restarted, the instance as it ended with the refusals recorded.
     */
    static WorkflowInstanceStatus actedOnEnded(WorkflowInstance instance, Definition definition, Restarts.OnEnded onEnded,
                                               Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        if (onEnded.steps() == null) {
            WorkflowInstanceStatus s = Json.convert(old, WorkflowInstanceStatus.class);
            s.actions = StepActions.record(instance, onEnded.taken(), run(old), now);
            return s;
        }
        String restartedSteps = onEnded.taken().stream()
                .filter(t -> t.outcome() == dev.baton.engine.Plan.ActionTaken.Outcome.Done).map(t -> t.request().path())
                .collect(java.util.stream.Collectors.joining(", "));
        WorkflowInstanceStatus s = newRun(instance, definition, onEnded.steps(), "restarted by step actions: " + restartedSteps, now);
        s.actions = StepActions.record(instance, onEnded.taken(), s.run, now);
        return s;
    }

    /** An ended instance whose restart cannot be served; it stays as it was, with the reason. */
    static WorkflowInstanceStatus restartRefused(WorkflowInstance instance, String problem) {
        WorkflowInstanceStatus s = Json.convert(instance.getStatus(), WorkflowInstanceStatus.class);
        s.restartNonce = instance.getSpec().restart.nonce;
        s.message = "restart refused: " + problem;
        return s;
    }

    /**
     * The run's duration from the times status stores (whole seconds), never from a clock with more
     * precision than they have: a run that started at 10:00:00.900 and ended at 10:00:01.200 is stored as
     * 10:00:00 to 10:00:01 and lasted 1s, not -678ms.
     */
    static String duration(String start, String completion) {
        Duration d = Duration.between(StatusCodec.time(start), StatusCodec.time(completion));
        return Durations.format(d.isNegative() ? Duration.ZERO : d);
    }

    /** The run number a status records: 1 until the first restart. */
    static int run(WorkflowInstanceStatus old) {
        return old == null || old.run == null ? 1 : old.run;
    }

    static WorkflowInstanceStatus running(WorkflowInstance instance, InstanceSetup.Setup setup, Instant startTime,
                                          Plan plan, Map<String, Refusal> refused, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.run = run(old);
        s.restartNonce = old == null ? null : old.restartNonce;
        s.actions = StepActions.record(instance, plan.actions(), s.run, now);
        s.phase = plan.phase();
        s.revision = setup.revision();
        s.params = setup.params();
        s.startTime = StatusCodec.text(startTime);
        s.message = StatusCodec.bounded(plan.message());
        s.observedGeneration = instance.getMetadata().getGeneration();
        for (StepState step : plan.steps()) {
            boolean jobs = StepLauncher.executorOf(setup.definition(), step.name()) == Executor.Job;
            StepStatus st = StatusCodec.toStatus(step, instance.getMetadata().getName(), jobs);
            StatusCodec.nameObjects(st, setup.definition().step(step.name()));
            st.signals = StatusCodec.signals(setup.definition().step(step.name()), step);
            st.exitHook = setup.definition().isExitHook(step.name()) ? true : null;
            markRefused(st, refused, now);
            st.leaves = StatusCodec.counts(plan.rollup().bySteps().get(step.name()));
            s.steps.add(st);
        }
        s.leaves = StatusCodec.counts(plan.rollup().total());
        s.progress = plan.done() + "/" + plan.steps().size();
        if (s.phase.terminal()) {
            s.completionTime = old != null && old.completionTime != null && old.phase.terminal() ? old.completionTime : StatusCodec.text(now);
            s.duration = duration(s.startTime, s.completionTime);
            s.deleteAfter = InstanceCollector.deleteAfter(instance, InstanceCollector.cleanup(instance, setup.definition()), s);
        }
        s.conditions = Conditions.set(old == null ? null : Conditions.without(old.conditions, ConditionType.Reconciled), ConditionType.Valid, true, ConditionReason.Valid, "",
                s.observedGeneration, now);
        boolean ok = s.phase == InstancePhase.Succeeded;
        s.conditions = Conditions.set(s.conditions, ConditionType.Ready, ok, s.phase, s.message, s.observedGeneration, now);
        s.conditions = exitHooks(s, setup.definition(), plan, now);
        return s;
    }

    /**
     * RunningExitHooks: True while the steps have ended and exit hooks run, False with what each hook did
     * once the instance has ended; absent while the steps run (a restarted run drops the last run's).
     */
    private static java.util.List<io.fabric8.kubernetes.api.model.Condition> exitHooks(WorkflowInstanceStatus s,
                                                                                       Definition definition, Plan plan, Instant now) {
        if (definition.exitHooks().isEmpty()) {
            return s.conditions;
        }
        java.util.List<String> running = dev.baton.engine.ExitHookPlanner.running(definition, plan.steps());
        if (!running.isEmpty()) {
            return Conditions.set(s.conditions, ConditionType.RunningExitHooks, true, ConditionReason.ExitHooksRunning,
                    "the steps have ended; exit hooks running: " + String.join(", ", running), s.observedGeneration, now);
        }
        if (!s.phase.terminal()) {
            return Conditions.without(s.conditions, ConditionType.RunningExitHooks);
        }
        String ended = plan.steps().stream().filter(st -> definition.isExitHook(st.name()))
                .map(st -> st.name() + " " + st.phase()).collect(java.util.stream.Collectors.joining(", "));
        return Conditions.set(s.conditions, ConditionType.RunningExitHooks, false, ConditionReason.ExitHooksEnded,
                "exit hooks: " + ended, s.observedGeneration, now);
    }

    /**
     * An attempt whose Job or Pod the API refused ended then: as a user error when retrying cannot fix
     * it (invalid, forbidden by Pod Security or a quota), else as a platform error; retried with backoff.
     */
    static void markRefused(StepStatus step, Map<String, Refusal> refused, Instant now) {
        for (AttemptStatus a : step.attempts) {
            Refusal why = refused.get(step.name + "/" + a.number);
            if (why != null && a.outcome != null && !a.outcome.ended()) {
                a.outcome = why.outcome();
                a.reason = "CreateRefused";
                a.message = why.message();
                a.completionTime = StatusCodec.text(now);
            }
        }
    }

    /**
     * Most bytes of a status. etcd refuses an object past 1.5 MiB, and a write refused for its size would
     * leave the instance with no record of its run; messages, params and outputs are bounded one by one,
     * and this is the last guard for what their sum can still reach.
     */
    static final int MAX_STATUS_BYTES = 1 << 20;

    /**
     * The status if it fits; else the run failed, said so, and its steps keep phases and counts but not
     * params, outputs, messages, nor more than their last three attempts.
     */
    static WorkflowInstanceStatus fitting(WorkflowInstanceStatus status, Instant now) {
        int size = Json.write(status).length();
        if (size <= MAX_STATUS_BYTES) {
            return status;
        }
        WorkflowInstanceStatus s = Json.convert(status, WorkflowInstanceStatus.class);
        s.phase = InstancePhase.Failed;
        s.message = "the run's status would take " + size + " bytes, past the limit of " + MAX_STATUS_BYTES
                + ": its steps' params, outputs and messages are left out; make them smaller";
        for (StepStatus st : s.steps) {
            st.params = null;
            st.outputs = null;
            st.message = null;
            if (st.attempts.size() > 3) {
                st.attempts = new java.util.ArrayList<>(st.attempts.subList(st.attempts.size() - 3, st.attempts.size()));
            }
            st.attempts.forEach(a -> a.message = null);
        }
        if (s.completionTime == null) {
            s.completionTime = StatusCodec.text(now);
            s.duration = duration(s.startTime, s.completionTime);
        }
        s.conditions = Conditions.set(s.conditions, ConditionType.Ready, false, InstancePhase.Failed, s.message,
                s.observedGeneration, now);
        return s;
    }

    /** Equal as JSON: a status that would not change is not patched. */
    static boolean same(WorkflowInstanceStatus a, WorkflowInstanceStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Json.tree(a).equals(Json.tree(b));
    }
}
