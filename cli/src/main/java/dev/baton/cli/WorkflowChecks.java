package dev.baton.cli;

import dev.baton.api.Nesting;
import dev.baton.engine.Expressions;
import dev.baton.engine.Json;
import dev.baton.engine.SubworkflowCycles;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.FieldError;
import dev.baton.executor.StepPodChecks;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's checks of a Workflow, run here without a cluster: the same calls, in the same order, as
 * the Workflow reconciler makes before it sets {@code Valid} (its name, the nesting of its values, then
 * {@link WorkflowCompiler} with the executor's pod checks, then subworkflow cycles). What needs the
 * cluster or the operator's settings is left out: the pod policy, and cycles through workflows not given.
 */
public final class WorkflowChecks {
    /**
     * Longest workflow name, as the Workflow reconciler refuses past it (WorkflowReconciler.MAX_NAME, package
     * private there): revisions and the objects of runs carry the name in a label, at most 63 characters.
     */
    static final int MAX_NAME = 63;

    private final WorkflowCompiler compiler = new WorkflowCompiler(new Expressions(), new StepPodChecks());

    /** A compiled workflow, or its errors. */
    public record Checked(String name, Definition definition, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Checks one workflow: its name and its spec, as the plain values of a parsed file. */
    public Checked check(String name, Object spec) {
        if (name == null || name.isBlank()) {
            return invalid(name, new FieldError("metadata.name", "a workflow needs a name"));
        }
        if (name.length() > MAX_NAME) {
            return invalid(name, new FieldError("metadata.name",
                    "at most " + MAX_NAME + " characters, as its revisions and runs carry it in a label"));
        }
        String deep = Nesting.tooDeep(spec, "spec");
        if (deep != null) {
            return invalid(name, new FieldError(deep, Nesting.PROBLEM));
        }
        if (spec != null && !(spec instanceof Map<?, ?>)) {
            return invalid(name, new FieldError("spec", "must be an object"));
        }
        WorkflowCompiler.Compilation c = compiler.compile(spec == null ? null : Json.tree(spec));
        return new Checked(name, c.definition(), c.errors());
    }

    /** The error of a valid workflow whose subworkflow steps come back to it through {@code others}, if any. */
    public static List<FieldError> cycles(Checked checked, Function<String, Definition> others) {
        if (!checked.valid()) {
            return List.of();
        }
        return SubworkflowCycles.through(checked.name(), checked.definition(), others)
                .map(c -> List.of(new FieldError(c.step().field() + ".subworkflow.workflow", c.describe())))
                .orElse(List.of());
    }

    private static Checked invalid(String name, FieldError error) {
        return new Checked(name, null, List.of(error));
    }
}
