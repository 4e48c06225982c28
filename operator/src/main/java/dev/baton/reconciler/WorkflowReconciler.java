package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowStatus;
import dev.baton.engine.FieldError;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Keeps a Workflow's status current: checks its spec (Valid condition naming each bad field) and stores
 * the spec as an immutable revision that new instances pin.
 */
@ControllerConfiguration(name = "workflow")
public class WorkflowReconciler implements Reconciler<Workflow> {
    private final WorkflowRevisions revisions;
    private final SpecChecker checker;
    private final Clock clock;

    public WorkflowReconciler(WorkflowRevisions revisions, SpecChecker checker, Clock clock) {
        this.revisions = revisions;
        this.checker = checker;
        this.clock = clock;
    }

    @Override
    public UpdateControl<Workflow> reconcile(Workflow workflow, Context<Workflow> context) {
        List<FieldError> errors = checker.check(workflow.getSpec());
        WorkflowStatus old = workflow.getStatus() == null ? new WorkflowStatus() : workflow.getStatus();
        WorkflowStatus status = new WorkflowStatus();
        status.revision = errors.isEmpty() ? revisions.ensure(workflow) : old.revision;
        status.observedGeneration = workflow.getMetadata().getGeneration();
        String message = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        status.conditions = Conditions.set(old.conditions, "Valid", errors.isEmpty(),
                errors.isEmpty() ? "Valid" : "InvalidSpec", message, status.observedGeneration, clock.instant());
        if (Objects.equals(old.revision, status.revision) && Objects.equals(old.observedGeneration, status.observedGeneration)
                && Objects.equals(old.conditions, status.conditions)) {
            return UpdateControl.noUpdate();
        }
        Workflow patch = new Workflow();
        patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(workflow.getMetadata().getName()).withNamespace(workflow.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
    }
}
