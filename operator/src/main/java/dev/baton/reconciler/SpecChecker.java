package dev.baton.reconciler;

import dev.baton.api.WorkflowSpec;
import dev.baton.engine.Expressions;
import dev.baton.engine.FieldError;
import dev.baton.engine.WorkflowValidator;
import dev.baton.executor.PodOverlay;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** All checks of a workflow spec: the engine's semantic ones and the pod overlays'. */
@ApplicationScoped
public class SpecChecker {
    private final WorkflowValidator validator;

    public SpecChecker(Expressions expressions) {
        this.validator = new WorkflowValidator(expressions);
    }

    public List<FieldError> check(WorkflowSpec spec) {
        List<FieldError> errors = new ArrayList<>(validator.validate(spec));
        if (spec != null) {
            errors.addAll(PodOverlay.check(spec));
        }
        return errors;
    }
}
