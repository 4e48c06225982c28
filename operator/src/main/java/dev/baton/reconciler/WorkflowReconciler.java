package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowStatus;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.engine.model.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Keeps a Workflow's status current: compiles its spec (Valid condition naming each bad field) and stores
 * the spec as an immutable revision that new instances pin.
 */
@ControllerConfiguration(name = "workflow")
public class WorkflowReconciler implements Reconciler<Workflow> {
    private final WorkflowRevisions revisions;
    private final Clock clock;

    public WorkflowReconciler(WorkflowRevisions revisions, Clock clock) {
        this.revisions = revisions;
        this.clock = clock;
    }

    @Override
    public UpdateControl<Workflow> reconcile(Workflow workflow, Context<Workflow> context) {
        WorkflowCompiler.Compilation compiled = revisions.compile(workflow);
        WorkflowStatus old = workflow.getStatus() == null ? new WorkflowStatus() : workflow.getStatus();
        WorkflowStatus status = new WorkflowStatus();
        if (compiled.valid()) {
            revisions.store(workflow);
            status.revision = WorkflowRevisions.nameOf(workflow);
        } else {
            status.revision = old.revision;
        }
        status.observedGeneration = workflow.getMetadata().getGeneration();
        String message = compiled.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "));
        status.conditions = Conditions.set(old.conditions, ConditionType.Valid, compiled.valid(),
                compiled.valid() ? ConditionReason.Valid : ConditionReason.InvalidSpec, message,
                status.observedGeneration, clock.instant());
        if (Objects.equals(old.revision, status.revision) && Objects.equals(old.observedGeneration, status.observedGeneration)
                && Objects.equals(old.conditions, status.conditions)) {
            return UpdateControl.noUpdate();
        }
        Workflow patch = new Workflow();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(workflow.getMetadata().getName()).withNamespace(workflow.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
    }
}
