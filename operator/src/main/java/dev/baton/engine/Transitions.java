package dev.baton.engine;

import dev.baton.api.Step;
import dev.baton.api.StepKind;
import dev.baton.api.StepPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maestro's transition rule for a waiting step: it waits until every dependency has ended (join), runs
 * if at least one incoming edge is satisfied (the source succeeded or failed with Ignore, and the edge's
 * condition is true), and is otherwise Skipped, which in turn may skip its descendants.
 */
final class Transitions {
    private final Expressions expressions;
    private final ForeachSteps foreach;
    private final WhileSteps whileLoop;
    private final SubworkflowSteps subworkflow;

    Transitions(Expressions expressions) {
        this.subworkflow = new SubworkflowSteps(expressions);
        this.expressions = expressions;
        this.foreach = new ForeachSteps(expressions);
        this.whileLoop = new WhileSteps(expressions);
    }

    StepState evaluate(Step step, Graph graph, StepState current, RunState run, Map<String, StepState> decided,
                       PlanBuilder out) {
        List<Step.Dependency> deps = graph.incoming(step.name);
        if (!deps.stream().allMatch(d -> decided.get(d.step()).phase().terminal())) {
            return current;
        }
        Map<String, Object> vars = Scope.of(run, decided);
        List<String> unsatisfied = new ArrayList<>();
        boolean satisfied = deps.isEmpty();
        for (int i = 0; i < deps.size() && !satisfied; i++) {
            Step.Dependency d = deps.get(i);
            StepState source = decided.get(d.step());
            if (!source.phase().letsDownstreamRun()) {
                unsatisfied.add(d.step() + " is " + source.phase());
                continue;
            }
            try {
                satisfied = d.when() == null || expressions.condition(d.when(), vars);
            } catch (ExpressionException e) {
                return failed(current, "dependsOn[" + i + "].when: " + e.getMessage(), out);
            }
            if (!satisfied) {
                unsatisfied.add("condition of the edge from " + d.step() + " is false");
            }
        }
        if (!satisfied) {
            return current.withPhase(StepPhase.Skipped, out.now(), String.join("; ", unsatisfied));
        }
        return start(step, current, vars, run, out);
    }

    /** Evaluates the step's params and container fields and starts it, unless something holds it. */
    private StepState start(Step step, StepState current, Map<String, Object> vars, RunState run, PlanBuilder out) {
        Attempt existing = step.kind().createsPod() ? existing(run, step.name, current.firstAttempt()) : null;
        String hold = existing != null ? null : out.holdStart(step.name, Boolean.TRUE.equals(step.breakpoint), step.kind().createsPod());
        if (hold != null) {
            return current.waiting(hold);
        }
        StepInputs inputs;
        try {
            inputs = StepInputs.evaluate(step, vars, expressions);
        } catch (StepInputs.InputException e) {
            return failed(current, e.getMessage(), out);
        }
        StepState started = current.started(inputs.params(), existing != null ? existing.start() : out.now());
        if (step.kind() == StepKind.noop) {
            return started.withPhase(StepPhase.Succeeded, out.now(), null);
        }
        if (step.kind() == StepKind.sleep) {
            out.wakeAt(out.now().plus(Durations.parse(step.sleep.duration)));
            return started;
        }
        if (step.kind() == StepKind.foreach) {
            return foreach.start(step, started, vars, run, out);
        }
        if (step.kind() == StepKind.whileLoop) {
            return whileLoop.start(step, started, vars, out);
        }
        if (step.kind() == StepKind.subworkflow) {
            return subworkflow.start(step, started, vars, run, out);
        }
        if (existing != null) {
            // Its first attempt's Job or Pod exists already: launched by a pass whose status was not
            // written (a crash, or a loop iteration's deferred first write). Adopt it; launch nothing.
            return started.withAttempts(List.of(Attempt.launched(existing.number(), existing.start())), null, null);
        }
        int first = current.firstAttempt();
        out.launch(inputs.launch(step.name, first));
        return started.withAttempts(List.of(Attempt.launched(first, out.now())), null, null);
    }

    /** The step's attempt {@code number} as the cluster shows it, or null when it has no Job or Pod. */
    static Attempt existing(RunState run, String step, int number) {
        Map<Integer, Attempt> observed = run.observed().get(step);
        return observed == null ? null : observed.get(number);
    }

    private static StepState failed(StepState current, String message, PlanBuilder out) {
        return current.failedToStart(message, out.now());
    }
}
