package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.executor.Labels;
import dev.baton.executor.ResourceStepObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of resource steps to delete once the status just written is stored, as {@link LeftoverAttempts}
 * finds Jobs and Pods: an object whose attempt the status ended by a stop, a kill, a timeout or its deletion;
 * one whose attempt ended by its conditions when its step said deleteOnFinish (the object's label says so); and
 * one of an attempt the status does not list (a lost write, an earlier run, an attempt folded into counts),
 * unless its step has not started yet and will adopt it. An object whose attempt succeeded or failed by its
 * conditions stays otherwise, with its status and its pods' logs, until the instance is deleted (owner
 * reference) or the step runs again. Deleting only after the write keeps a crash from losing the evidence that
 * an attempt ran: the next pass would launch it again.
 */
final class LeftoverResources {
    private LeftoverResources() {
    }

    static List<GenericKubernetesResource> find(WorkflowInstance instance, Collection<GenericKubernetesResource> objects,
                                                WorkflowInstanceStatus status) {
        if (objects.isEmpty() || status == null || status.steps == null) {
            return List.of();
        }
        Map<String, StepStatus> steps = new HashMap<>();
        status.steps.forEach(s -> steps.put(s.name, s));
        boolean runGoesOn = status.phase == null || !status.phase.terminal();
        // Steps not started yet keep an object of the attempt they will start with, as Jobs are kept: it is adopted.
        Map<String, Integer> adoptable = LeftoverAttempts.adoptable(status);
        return ResourceStepObjects.own(instance, objects).stream()
                .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
                .filter(o -> {
                    String step = o.getMetadata().getLabels().get(Labels.STEP);
                    return leftover(o, steps.get(step), adoptable.get(step), runGoesOn);
                })
                .toList();
    }

    private static boolean leftover(GenericKubernetesResource o, StepStatus step, Integer adoptableFrom, boolean runGoesOn) {
        int number = ResourceStepObjects.attempt(o.getMetadata().getLabels());
        if (step == null) {
            return !runGoesOn;
        }
        AttemptStatus attempt = step.attempts.stream().filter(a -> a.number != null && a.number == number).findFirst().orElse(null);
        if (attempt == null) {
            return adoptableFrom == null || number < adoptableFrom;
        }
        if (attempt.outcome == AttemptOutcome.Running) {
            return false;
        }
        boolean endedByConditions = attempt.outcome == AttemptOutcome.Succeeded || "FailureCondition".equals(attempt.reason);
        return !endedByConditions || "true".equals(o.getMetadata().getLabels().get(ResourceStepObjects.DELETE_ON_FINISH));
    }
}
