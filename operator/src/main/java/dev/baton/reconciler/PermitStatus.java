package dev.baton.reconciler;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import dev.baton.engine.PermitView;
import dev.baton.engine.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an instance's status says about permits: the limits each waiting or running step names, those of
 * the whole run, the priority they are asked with, and the condition WaitingForPermit. The waiters' index
 * ({@link PermitCache}) and the release of Permits ({@link PermitLedger}) read them back.
 */
final class PermitStatus {
    private PermitStatus() {
    }

    /**
     * @param asked   the holders that asked for permits in this pass: a step that waits for another reason
     *                (suspended, at its breakpoint) is not listed as a waiter, so it holds no place in the queue
     * @param waiting why the whole run waits for its own permits, or null when it does not
     */
    static void annotate(WorkflowInstance instance, WorkflowInstanceStatus s, Definition definition, List<Plan.PermitRequest> asked,
                         String waiting, Instant now) {
        boolean any = !definition.permits().isEmpty();
        Set<String> asking = asked.stream().map(Plan.PermitRequest::holder).collect(Collectors.toSet());
        for (StepStatus st : s.steps) {
            Step step = definition.step(st.name);
            if (step != null && !step.permits().held().isEmpty()) {
                any = true;
                boolean holds = st.phase == StepPhase.Running || (st.phase == StepPhase.WaitingForPermit
                        && asking.contains(PermitView.step(st.name, st.firstAttempt == null ? 1 : st.firstAttempt)));
                st.permits = holds ? step.permits().held() : null;
            }
        }
        if (!any) {
            return;
        }
        s.priority = RunStrategyGate.priority(instance, definition.runStrategy().priority());
        if (definition.permits().isEmpty()) {
            return;
        }
        boolean ended = s.phase != null && s.phase.terminal();
        if (waiting == null && s.phase == dev.baton.engine.model.InstancePhase.Queued) {
            // Queued by its run strategy: it asks for no permit before its turn.
            s.permits = null;
            return;
        }
        s.permits = ended ? null : definition.permits();
        s.conditions = waiting != null
                ? Conditions.set(s.conditions, ConditionType.WaitingForPermit, true, ConditionReason.WaitingForPermit, waiting,
                        s.observedGeneration, now)
                : Conditions.set(s.conditions, ConditionType.WaitingForPermit, false, ConditionReason.PermitsGranted,
                        "the run " + (ended ? "held" : "holds") + " permits "
                                + String.join(", ", definition.permits()), s.observedGeneration, now);
    }
}
