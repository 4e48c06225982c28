package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.loops.ForeachState;
import dev.baton.engine.loops.Iterations;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepPhase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a foreach step: evaluates its loop variables into lazily indexed iterations, and turns the
 * {@link ForeachPlanner}'s window decisions into child-instance creations, deletions and stops.
 */
final class ForeachRunner implements StepRunner {
    private final Expressions expressions;

    ForeachRunner(Expressions expressions) {
        this.expressions = expressions;
    }

    /** The step just started: its iterations are counted and the first window is created in this pass. */
    @Override
    public StepState start(Step step, StepState started, StepInputs inputs, Pass pass) {
        Iterations iterations;
        try {
            iterations = iterations(step.foreach(), pass.varsOf(started));
        } catch (IllegalArgumentException | ExpressionException e) {
            return started.failedToStart(e.getMessage(), pass.now());
        }
        return advance(step, started.withLoop(ForeachState.start(iterations.size())), iterations, pass.run(), pass.out());
    }

    /** A running loop: fold finished children, open the window further, or end. */
    @Override
    public StepState advance(Step step, StepState current, Pass pass) {
        try {
            return advance(step, current, iterations(step.foreach(), pass.varsOf(current)), pass.run(), pass.out());
        } catch (IllegalArgumentException | ExpressionException e) {
            return current.withPhase(StepPhase.Failed, pass.now(), e.getMessage());
        }
    }

    private StepState advance(Step step, StepState current, Iterations iterations, RunState run, PlanBuilder out) {
        StepAction.Foreach loop = step.foreach();
        ForeachPlanner.Settings settings = new ForeachPlanner.Settings(loop.concurrency(), loop.strictOrdering(),
                step.onFailure(), loop.retention());
        ForeachPlanner.ForeachDecision d = ForeachPlanner.plan(current.loop(),
                run.children().getOrDefault(step.name(), List.of()), settings);
        int generation = current.firstAttempt();
        d.create().forEach(i -> out.child(new Plan.Child(Plan.Child.Action.Create, step.name(), generation, i, iterations.get(i))));
        d.delete().forEach(i -> out.child(new Plan.Child(Plan.Child.Action.Delete, step.name(), generation, i, null)));
        d.stop().forEach(i -> out.child(new Plan.Child(Plan.Child.Action.Stop, step.name(), generation, i, null)));
        StepState next = current.withLoop(d.next());
        if (!loop.collect().isEmpty()) {
            Map<String, Object> outputs = collect(loop.collect(), current, d.next(), run.childValues().getOrDefault(step.name(), Map.of()));
            if (Json.write(outputs).length() > MAX_COLLECTED) {
                return next.withPhase(StepPhase.Failed, out.now(), "foreach.collect: the collected outputs exceed "
                        + MAX_COLLECTED / 1024 + " KiB; collect fewer or smaller values");
            }
            next = next.withOutputs(outputs);
        }
        return d.phase() == StepPhase.Running ? next : next.withPhase(d.phase(), out.now(), d.message());
    }

    /** Bound on gathered iteration outputs, so the parent's status stays far below etcd's object limit. */
    static final int MAX_COLLECTED = 64 * 1024;

    /**
     * Adds the named values of the iterations folded in this pass (counted now, not before) to the
     * step's outputs, keyed by iteration index: each iteration is gathered exactly once, as it is counted.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> collect(List<String> names, StepState current, ForeachState next,
                                               Map<Long, Map<String, Object>> bodies) {
        Map<String, Object> outputs = new LinkedHashMap<>(current.outputs() == null ? Map.of() : current.outputs());
        for (Map.Entry<Long, Map<String, Object>> body : bodies.entrySet()) {
            long i = body.getKey();
            if (next.folded(i) && (current.loop() == null || !current.loop().folded(i))) {
                for (String name : names) {
                    if (body.getValue().containsKey(name)) {
                        Map<String, Object> byIteration = new LinkedHashMap<>((Map<String, Object>) outputs.getOrDefault(name, Map.of()));
                        byIteration.put(String.valueOf(i), body.getValue().get(name));
                        outputs.put(name, byIteration);
                    }
                }
            }
        }
        return outputs;
    }

    /** Stops every unfinished iteration of a loop that must end now. */
    @Override
    public StepState halt(Step step, StepState current, String why, PlanBuilder out) {
        if (current.loop() != null) {
            for (long i : current.loop().unfinished()) {
                out.child(new Plan.Child(Plan.Child.Action.Stop, step.name(), current.firstAttempt(), i, null));
            }
        }
        return current;
    }

    /** The leaves of its folded iterations, kept in its state, plus those of its unfinished children. */
    @Override
    public NestedCounts leaves(StepState state, List<ForeachPlanner.ChildObservation> children) {
        return state.loop() == null ? NestedCounts.EMPTY : state.loop().foldedLeaves().plus(NestedCounts.sum(children.stream()
                .filter(c -> state.loop().unfinished().contains(c.index())).toList()));
    }

    @Override
    public boolean nests() {
        return true;
    }

    private Iterations iterations(StepAction.Foreach loop, Map<String, Object> vars) {
        LinkedHashMap<String, List<Object>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : loop.params().entrySet()) {
            Object value = p.getValue() instanceof String s ? expressions.interpolate(s, vars) : p.getValue();
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException("foreach.params." + p.getKey() + ": must be a list, got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            lists.put(p.getKey(), List.copyOf(list.stream().map(v -> (Object) v).toList()));
        }
        return new Iterations(lists);
    }
}
