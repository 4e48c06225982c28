package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.Labels;
import dev.baton.executor.ResourceStepObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which resource steps' objects go once the status is written, and which stay. */
class LeftoverResourcesTest {
    private final WorkflowInstance instance = TestInstances.instance("ns", "run", "wf");

    @Test
    void objectsOfStoppedOrTimedOutAttemptsGoThoseEndedByTheirConditionsStayUnlessDeleteOnFinish() {
        WorkflowInstanceStatus status = status(InstancePhase.Running,
                step("stopped", StepPhase.Stopped, 1, attempt(1, AttemptOutcome.Stopped, "Stopped")),
                step("timed", StepPhase.Failed, 1, attempt(1, AttemptOutcome.Timeout, "Timeout")),
                step("done", StepPhase.Succeeded, 1, attempt(1, AttemptOutcome.Succeeded, "SuccessCondition")),
                step("failed", StepPhase.Failed, 1, attempt(1, AttemptOutcome.UserError, "FailureCondition")),
                step("cleaned", StepPhase.Succeeded, 1, attempt(1, AttemptOutcome.Succeeded, "SuccessCondition")),
                step("running", StepPhase.Running, 1, attempt(1, AttemptOutcome.Running, null)),
                step("pending", StepPhase.Pending, 2),
                step("retried", StepPhase.Running, 1, attempt(2, AttemptOutcome.Running, null)));
        List<GenericKubernetesResource> objects = List.of(object("stopped", 1, false), object("timed", 1, false),
                object("done", 1, false), object("failed", 1, false), object("cleaned", 1, true), object("running", 1, false),
                object("pending", 2, false), object("pending", 1, false), object("retried", 1, false), forged("running", 1));
        assertThat(LeftoverResources.find(instance, objects, status)).extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("run-stopped-1", "run-timed-1", "run-cleaned-1", "run-pending-1", "run-retried-1");
    }

    @Test
    void anObjectOfAStepWaitingForAPermitIsKeptForAdoptionAsAJobIs() {
        // A pass created it, then lost its status write and lost the permit's race: the next grant adopts it.
        WorkflowInstanceStatus status = status(InstancePhase.Running, step("gated", StepPhase.WaitingForPermit, 1));
        assertThat(LeftoverResources.find(instance, List.of(object("gated", 1, false)), status)).isEmpty();
    }

    @Test
    void whenTheRunHasEndedAnUnrecordedObjectIsNotAdoptedButDeleted() {
        WorkflowInstanceStatus status = status(InstancePhase.Stopped, step("pending", StepPhase.Stopped, 1));
        assertThat(LeftoverResources.find(instance, List.of(object("pending", 1, false)), status)).hasSize(1);
        assertThat(LeftoverResources.find(instance, List.of(object("pending", 1, false)), null)).as("no status: decide nothing").isEmpty();
    }

    private static WorkflowInstanceStatus status(InstancePhase phase, StepStatus... steps) {
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = phase;
        s.steps = new ArrayList<>(List.of(steps));
        return s;
    }

    private static StepStatus step(String name, StepPhase phase, int first, AttemptStatus... attempts) {
        StepStatus s = new StepStatus();
        s.name = name;
        s.phase = phase;
        s.firstAttempt = first;
        s.attempts = new ArrayList<>(List.of(attempts));
        return s;
    }

    private static AttemptStatus attempt(int number, AttemptOutcome outcome, String reason) {
        AttemptStatus a = new AttemptStatus();
        a.number = number;
        a.outcome = outcome;
        a.reason = reason;
        return a;
    }

    private GenericKubernetesResource object(String step, int attempt, boolean deleteOnFinish) {
        GenericKubernetesResource o = forged(step, attempt);
        o.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withUid(instance.getMetadata().getUid())
                .withController(true).withKind("WorkflowInstance").withName("run").build()));
        if (deleteOnFinish) {
            o.getMetadata().getLabels().put(ResourceStepObjects.DELETE_ON_FINISH, "true");
        }
        return o;
    }

    /** Labelled as the step's, but not controlled by the instance. */
    private static GenericKubernetesResource forged(String step, int attempt) {
        GenericKubernetesResource o = new GenericKubernetesResource();
        o.setApiVersion("jobset.x-k8s.io/v1alpha2");
        o.setKind("JobSet");
        o.setMetadata(new ObjectMetaBuilder().withName("run-" + step + "-" + attempt).withUid("u-" + step + attempt)
                .withLabels(new java.util.HashMap<>(Map.of(Labels.INSTANCE, "run", Labels.STEP, step, Labels.ATTEMPT, String.valueOf(attempt))))
                .build());
        return o;
    }
}
