package dev.baton.engine;

import dev.baton.api.OnFailure;
import dev.baton.api.Step;
import dev.baton.api.StepPhase;
import dev.baton.api.SubworkflowStep;
import dev.baton.engine.loops.ForeachPlanner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a subworkflow step: one child instance of another Workflow. With sync (the default) the step
 * ends as the child ends and takes its steps' params and outputs as its outputs; without, it succeeds
 * once the child is created.
 */
final class SubworkflowSteps {
    private final Expressions expressions;

    SubworkflowSteps(Expressions expressions) {
        this.expressions = expressions;
    }

    StepState start(Step step, StepState started, Map<String, Object> vars, RunState run, PlanBuilder out) {
        SubworkflowStep sub = step.subworkflow;
        Map<String, Object> params = new LinkedHashMap<>();
        try {
            if (sub.params != null) {
                for (Map.Entry<String, Object> p : sub.params.entrySet()) {
                    params.put(p.getKey(), StepInputs.value("subworkflow.params." + p.getKey(), p.getValue(), vars, expressions));
                }
            }
        } catch (StepInputs.InputException e) {
            return started.failedToStart(e.getMessage(), out.now());
        }
        Map<String, Object> inherited = Boolean.TRUE.equals(sub.inheritParams) ? run.params() : null;
        create(step, started, new Plan.Subworkflow(sub.workflow, params, inherited), out);
        StepState running = started.withSubworkflowParams(params);
        return sync(step) ? running : running.succeededWith(Map.of(), out.now(), "started " + sub.workflow + " without waiting");
    }

    StepState advance(Step step, StepState current, RunState run, PlanBuilder out) {
        ForeachPlanner.ChildPhase phase = run.children().getOrDefault(step.name, List.of()).stream()
                .map(ForeachPlanner.ChildObservation::phase).findFirst().orElse(null);
        if (phase == null) {
            // Not seen yet: creating it again is harmless (deterministic name); the params are in status.
            Map<String, Object> inherited = Boolean.TRUE.equals(step.subworkflow.inheritParams) ? run.params() : null;
            create(step, current, new Plan.Subworkflow(step.subworkflow.workflow,
                    current.params() == null ? Map.of() : current.params(), inherited), out);
            return current;
        }
        if (phase == ForeachPlanner.ChildPhase.Running) {
            return current;
        }
        if (phase == ForeachPlanner.ChildPhase.Succeeded) {
            Map<String, Object> outputs = run.childValues().getOrDefault(step.name, Map.of()).getOrDefault(0L, Map.of());
            return current.succeededWith(outputs, out.now(), null);
        }
        StepPhase end = Planner.onFailure(step) == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
        return current.withPhase(end, out.now(), "subworkflow " + step.subworkflow.workflow + " ended " + phase);
    }

    static boolean sync(Step step) {
        return step.subworkflow.sync == null || step.subworkflow.sync;
    }

    /** Stops the child of a sync subworkflow step that must end now. */
    static void halt(Step step, StepState current, PlanBuilder out) {
        if (step.subworkflow != null && sync(step) && current.phase() == StepPhase.Running) {
            out.child(new Plan.Child(Plan.Child.Action.Stop, step.name, current.firstAttempt(), 0, null));
        }
    }

    private static void create(Step step, StepState current, Plan.Subworkflow sub, PlanBuilder out) {
        out.child(new Plan.Child(Plan.Child.Action.Create, step.name, current.firstAttempt(), 0, null, sub));
    }
}
