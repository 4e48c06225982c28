package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a subworkflow step: one child instance of another Workflow. With sync (the default) the step
 * ends as the child ends and takes its steps' params and outputs as its outputs; without, it succeeds
 * once the child is created.
 */
final class SubworkflowRunner implements StepRunner {
    private final Expressions expressions;

    SubworkflowRunner(Expressions expressions) {
        this.expressions = expressions;
    }

    /**
     * Most subworkflow runs nested in one another. A workflow that starts itself is refused when it is
     * compiled; one edited later into such a chain stops here instead of creating instances without end.
     */
    static final int MAX_DEPTH = 20;

    @Override
    public StepState start(Step step, StepState started, StepInputs inputs, Pass pass) {
        StepAction.Subworkflow sub = step.subworkflow();
        if (pass.run().subworkflowDepth() >= MAX_DEPTH) {
            return started.failedToStart("subworkflow: " + sub.workflow() + " would run " + (pass.run().subworkflowDepth() + 1)
                    + " subworkflows deep, past the limit of " + MAX_DEPTH + ": does a workflow start itself through others?", pass.now());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Object> p : sub.params().entrySet()) {
                params.put(p.getKey(), StepInputs.value("subworkflow.params." + p.getKey(), p.getValue(), pass.varsOf(started), expressions));
            }
            StepInputs.checkSize("subworkflow.params", params);
        } catch (StepInputs.InputException e) {
            return started.failedToStart(e.getMessage(), pass.now());
        }
        Map<String, Object> inherited = sub.inheritParams() ? pass.run().params() : null;
        create(step, started, new Plan.Subworkflow(sub.workflow(), params, inherited), pass.out());
        StepState running = started.withSubworkflowParams(params);
        return sub.sync() ? running : running.succeededWith(Map.of(), pass.now(), "started " + sub.workflow() + " without waiting");
    }

    @Override
    public StepState advance(Step step, StepState current, Pass pass) {
        RunState run = pass.run();
        PlanBuilder out = pass.out();
        ForeachPlanner.ChildPhase phase = run.children().getOrDefault(step.name(), List.of()).stream()
                .map(ForeachPlanner.ChildObservation::phase).findFirst().orElse(null);
        if (phase == null) {
            // Not seen yet: creating it again is harmless (deterministic name); the params are in status.
            Map<String, Object> inherited = step.subworkflow().inheritParams() ? run.params() : null;
            create(step, current, new Plan.Subworkflow(step.subworkflow().workflow(),
                    current.params() == null ? Map.of() : current.params(), inherited), out);
            return current;
        }
        if (phase == ForeachPlanner.ChildPhase.Running) {
            return current;
        }
        if (phase == ForeachPlanner.ChildPhase.Succeeded) {
            Map<String, Object> outputs = run.childValues().getOrDefault(step.name(), Map.of()).getOrDefault(0L, Map.of());
            return current.succeededWith(outputs, out.now(), null);
        }
        StepPhase end = step.onFailure() == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
        return current.withPhase(end, out.now(), "subworkflow " + step.subworkflow().workflow() + " ended " + phase);
    }

    /** Stops the child of a sync subworkflow step that must end now. */
    @Override
    public StepState halt(Step step, StepState current, String why, PlanBuilder out) {
        if (step.subworkflow().sync() && current.phase() == StepPhase.Running) {
            out.child(new Plan.Child(Plan.Child.Action.Stop, step.name(), current.firstAttempt(), 0, null));
        }
        return current;
    }

    private static void create(Step step, StepState current, Plan.Subworkflow sub, PlanBuilder out) {
        out.child(new Plan.Child(Plan.Child.Action.Create, step.name(), current.firstAttempt(), 0, null, sub));
    }

    @Override
    public NestedCounts leaves(StepState state, List<ForeachPlanner.ChildObservation> children) {
        return NestedCounts.sum(children);
    }

    @Override
    public boolean nests() {
        return true;
    }
}
