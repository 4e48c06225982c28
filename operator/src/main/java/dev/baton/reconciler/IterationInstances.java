package dev.baton.reconciler;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;

/**
 * A loop iteration's first status write is deferred while all it would say is "these steps' first
 * attempts were launched". Everything in it can be recomputed from the iteration's Jobs and Pods: their
 * names are deterministic, a starting step adopts the attempt it finds (Transitions), the iteration
 * starts when it was created, and its parent counts an iteration without status as running. Its first
 * write is then its next real change, most often its end: one status write, and one watch event for
 * every informer of instances, fewer per iteration of a fan-out.
 *
 * <p>Only iterations: they are many, record no Events but warnings, and nobody watches them one by one;
 * a top-level instance or a subworkflow shows Running at once.
 */
final class IterationInstances {
    private IterationInstances() {
    }

    /** A loop iteration: Baton sets spec.body on the child instances of foreach and while steps. */
    static boolean iteration(WorkflowInstance instance) {
        // A user's instance with a body of its own is no iteration: it runs its workflowRef like any other.
        return instance.getSpec() != null && instance.getSpec().body != null && InstanceTree.isChild(instance);
    }

    /** When an iteration that has written nothing yet started: when it was created. */
    static Instant start(WorkflowInstance instance, Instant now) {
        String created = instance.getMetadata().getCreationTimestamp();
        if (!iteration(instance) || created == null) {
            return now;
        }
        Instant t = Instant.parse(created);
        return t.isAfter(now) ? now : t;
    }

    static boolean deferrable(WorkflowInstance instance, Definition definition, WorkflowInstanceStatus written,
                              WorkflowInstanceStatus next) {
        // An instance never written has an empty status (WorkflowInstance.initStatus), not none.
        boolean writtenBefore = written != null && written.phase != null;
        if (!iteration(instance) || writtenBefore || next.phase != InstancePhase.Running) {
            return false;
        }
        for (StepStatus st : next.steps) {
            boolean pending = st.phase == StepPhase.Pending && st.attempts.isEmpty();
            if (!pending && !firstAttemptRunning(definition, st)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Only a plain running first attempt: one waiting in a Kueue queue is written, so that Admitting shows,
     * and so is its admission, which its Job no longer shows after an eviction (how the engine tells one).
     */
    private static boolean firstAttemptRunning(Definition definition, StepStatus st) {
        Step step = definition.step(st.name);
        return step != null && step.kind().createsPod() && st.phase == StepPhase.Running && st.firstAttempt == null
                && st.attempts.size() == 1 && st.attempts.get(0).number == 1
                && st.attempts.get(0).outcome == AttemptOutcome.Running && st.attempts.get(0).admissionTime == null;
    }
}
