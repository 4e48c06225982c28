package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.loops.Iterations;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a while step: one child instance per iteration, one after the other. Before each iteration the
 * condition is checked over the loop params; a finished body's params and outputs named like a loop
 * param carry into the next. The previous iteration's instance is deleted when the next starts, so a
 * long loop leaves one object, and the status holds only the current iteration.
 */
final class WhileRunner implements StepRunner {
    private final Expressions expressions;

    WhileRunner(Expressions expressions) {
        this.expressions = expressions;
    }

    @Override
    public StepState start(Step step, StepState started, StepInputs inputs, Pass pass) {
        StepAction.While loop = step.whileLoop();
        Map<String, Object> initial = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Object> p : loop.params().entrySet()) {
                initial.put(p.getKey(), p.getValue() instanceof String s ? expressions.interpolate(s, pass.varsOf(started)) : p.getValue());
            }
        } catch (ExpressionException e) {
            return started.failedToStart("while.params: " + e.getMessage(), pass.now());
        }
        WhilePlanner.WhileDecision d = WhilePlanner.next(loop.condition(), pass.varsOf(started), initial, 0, null, loop.maxIterations(), expressions);
        return decide(step, started, d, -1, NestedCounts.EMPTY, pass.out());
    }

    @Override
    public StepState advance(Step step, StepState current, Pass pass) {
        RunState run = pass.run();
        PlanBuilder out = pass.out();
        WhileState state = current.whileState();
        ForeachPlanner.ChildObservation child = run.children().getOrDefault(step.name(), List.of()).stream()
                .filter(c -> c.index() == state.iteration()).findFirst().orElse(null);
        ForeachPlanner.ChildPhase phase = child == null ? null : child.phase();
        if (phase == null) {
            // Not seen yet: created this pass, or lost between deciding and creating. Creating again is harmless.
            create(step, current, state, out);
            return current;
        }
        if (phase == ForeachPlanner.ChildPhase.Running) {
            return current;
        }
        if (phase != ForeachPlanner.ChildPhase.Succeeded) {
            String why = "iteration " + state.iteration() + " ended " + phase;
            StepPhase end = step.onFailure() == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
            return current.withPhase(end, out.now(), why);
        }
        Map<String, Object> body = run.childValues().getOrDefault(step.name(), Map.of()).get(state.iteration());
        WhilePlanner.WhileDecision d = WhilePlanner.next(step.whileLoop().condition(), pass.varsOf(current), state.params(),
                state.iteration() + 1, body == null ? Map.of() : body, step.whileLoop().maxIterations(), expressions);
        return decide(step, current, d, state.iteration(), child.leaves(), out);
    }

    /** Goes on from the finished iteration {@code previous} (-1: none), whose instance is deleted and its leaves kept. */
    private StepState decide(Step step, StepState current, WhilePlanner.WhileDecision d, long previous,
                             NestedCounts previousLeaves, PlanBuilder out) {
        NestedCounts folded = current.whileState() == null ? NestedCounts.EMPTY : current.whileState().foldedLeaves();
        if (previous >= 0) {
            out.child(new Plan.Child(Plan.Child.Action.Delete, step.name(), current.firstAttempt(), previous, null));
            folded = folded.plus(previousLeaves);
        }
        WhileState next = new WhileState(d.iteration(), d.params(), folded);
        return switch (d.kind()) {
            case Start -> {
                create(step, current, next, out);
                yield current.withWhile(next);
            }
            case Done -> current.withWhile(next).succeededWith(d.params(), out.now(), d.message());
            case Error -> current.withWhile(next).withPhase(StepPhase.Failed, out.now(), d.message());
        };
    }

    private static void create(Step step, StepState current, WhileState state, PlanBuilder out) {
        Map<String, Object> vars = new LinkedHashMap<>(state.params());
        vars.put(Iterations.ITERATION, state.iteration());
        out.child(new Plan.Child(Plan.Child.Action.Create, step.name(), current.firstAttempt(), state.iteration(), vars));
    }

    /** Stops the running iteration of a loop that must end now. */
    @Override
    public StepState halt(Step step, StepState current, String why, PlanBuilder out) {
        if (current.whileState() != null) {
            out.child(new Plan.Child(Plan.Child.Action.Stop, step.name(), current.firstAttempt(), current.whileState().iteration(), null));
        }
        return current;
    }

    /** The leaves of the iterations before the current one, kept in its state, plus the current child's. */
    @Override
    public NestedCounts leaves(StepState state, List<ForeachPlanner.ChildObservation> children) {
        return state.whileState() == null ? NestedCounts.EMPTY : state.whileState().foldedLeaves().plus(NestedCounts.sum(
                children.stream().filter(c -> c.index() == state.whileState().iteration()).toList()));
    }

    @Override
    public boolean nests() {
        return true;
    }
}
