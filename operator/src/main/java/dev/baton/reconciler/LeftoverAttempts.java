package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.AttemptReader;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instance's own Jobs and Pods that still run although the status just written has no running
 * attempt for them: what a kill (a stop, a timeout, FailImmediately), a refused pod, a restart or an ended
 * instance leaves behind. Deleting them after the status write, and only then, is what makes kills
 * crash-safe: an attempt's object is the evidence that it ran, so it must outlive every decision about
 * it that is not stored yet (a kill before a lost write would let the next pass launch the same attempt
 * again), and one that a lost write left unrecorded is still found here, in the cluster, and stopped.
 * One exception: while the run goes on, an attempt of this run of a step the status has not started yet
 * (Pending, WaitingForSignal or WaitingForPermit) stays. A pass whose write was lost started it; the step will start again and adopt it (its name is
 * deterministic), and deleting it would make that attempt run twice. If the step never starts, it goes
 * when the step ends (Skipped) or the run does.
 *
 * @param name the Job's or Pod's name
 * @param uid  its uid, which the delete must match
 * @param job  true for a Job (its pods go with it), false for a Pod of the Pod executor
 */
record LeftoverAttempts(String name, String uid, boolean job) {

    static List<LeftoverAttempts> find(WorkflowInstance instance, Ownership owned, WorkflowInstanceStatus status, Instant now) {
        if (owned.jobs().isEmpty() && owned.pods().isEmpty()) {
            return List.of();
        }
        Set<String> running = running(status);
        Map<String, Integer> adoptable = adoptable(status);
        Map<String, String> uids = owned.uids();
        Set<String> jobs = new HashSet<>();
        Set<String> deleting = new HashSet<>();
        owned.jobs().forEach(j -> jobs.add(j.getMetadata().getName()));
        for (HasMetadata o : concat(owned)) {
            if (o.getMetadata().getDeletionTimestamp() != null) {
                deleting.add(o.getMetadata().getName());
            }
        }
        List<LeftoverAttempts> out = new ArrayList<>();
        AttemptReader.read(owned.jobs(), owned.pods(), now).forEach((step, attempts) -> attempts.forEach((number, attempt) -> {
            String name = ChildNames.attempt(instance.getMetadata().getName(), step, number);
            boolean mayBeAdopted = adoptable.containsKey(step) && number >= adoptable.get(step);
            if (!attempt.ended() && !running.contains(step + "/" + number) && !mayBeAdopted
                    && uids.containsKey(name) && !deleting.contains(name)) {
                out.add(new LeftoverAttempts(name, uids.get(name), jobs.contains(name)));
            }
        }));
        return out;
    }

    /** "step/number" of every attempt the status has running. */
    private static Set<String> running(WorkflowInstanceStatus status) {
        Set<String> out = new HashSet<>();
        if (status == null || status.steps == null) {
            return out;
        }
        for (StepStatus s : status.steps) {
            for (AttemptStatus a : s.attempts == null ? List.<AttemptStatus>of() : s.attempts) {
                if (a.outcome != null && !a.outcome.ended()) {
                    out.add(s.name + "/" + a.number);
                }
            }
        }
        return out;
    }

    /** For a run that goes on: its steps not started yet, with the number of the attempt each will start with. */
    static Map<String, Integer> adoptable(WorkflowInstanceStatus status) {
        Map<String, Integer> out = new java.util.HashMap<>();
        if (status == null || status.steps == null || (status.phase != null && status.phase.terminal())) {
            return out;
        }
        for (StepStatus s : status.steps) {
            if (s.phase == StepPhase.Pending || s.phase == StepPhase.WaitingForSignal || s.phase == StepPhase.WaitingForPermit) {
                out.put(s.name, s.firstAttempt == null ? 1 : s.firstAttempt);
            }
        }
        return out;
    }

    private static List<HasMetadata> concat(Ownership owned) {
        List<HasMetadata> all = new ArrayList<>(owned.jobs());
        all.addAll(owned.pods());
        return all;
    }
}
