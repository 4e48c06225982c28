package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner.ChildObservation;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.Step;
import java.util.List;

/**
 * How one kind of step runs, once the graph lets it: what starting it does, how a running step moves on,
 * what stopping it means, and how its leaves are counted. One class per kind, registered in
 * {@link StepRunners}; the planner and the transition rule never ask which kind a step is.
 */
interface StepRunner {
    /**
     * The attempt this step would adopt instead of launching one (its Job or Pod exists although status
     * does not say so), or null. An adopting step is never held: what it would start runs already.
     */
    default Attempt adoptable(Step step, StepState pending, RunState run) {
        return null;
    }

    /** Starts a step whose dependencies let it run, whose hold is over and whose inputs are evaluated. */
    StepState start(Step step, StepState started, StepInputs inputs, Pass pass);

    /** Moves a running step on. */
    StepState advance(Step step, StepState running, Pass pass);

    /**
     * Stops what an unfinished step runs, because the whole run must stop now for the reason {@code why};
     * returns the step's state with what it stopped ended (the planner then marks the step Stopped).
     */
    default StepState halt(Step step, StepState current, String why, PlanBuilder out) {
        return current;
    }

    /** The leaf steps under this step by phase: itself, for a step that nests nothing. */
    default NestedCounts leaves(StepState state, List<ChildObservation> children) {
        return NestedCounts.of(state.phase().name(), 1);
    }

    /** True for steps whose work is child instances (loops, subworkflows): status shows their leaves. */
    default boolean nests() {
        return false;
    }
}
