package dev.baton.engine;

import dev.baton.engine.loops.Iterations;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The next round of a {@code while} step, whose iterations run one after another: carry the last
 * body's values into the loop params, check the condition, and start the next iteration or end.
 *
 * <p>As in Maestro, a body step's param or output named like a loop param feeds the next iteration:
 * loop {@code i: 1}, body param {@code i: "${i + 1}"}, condition {@code i <= 5} runs 5 iterations.
 */
public final class WhilePlanner {
    /** Most iterations when {@code while.maxIterations} is not set, so a condition that stays true ends. */
    public static final long DEFAULT_MAX_ITERATIONS = 10_000;

    /**
     * What the while step does next.
     *
     * @param params    the loop params for the iteration to start (Start), or the final ones (Done)
     * @param iteration the index of the iteration to start, or the number that ran (Done, Error)
     */
    public record WhileDecision(Kind kind, Map<String, Object> params, long iteration, String message) {
        public enum Kind {
            /** Create the child of iteration {@code iteration} with {@code params} (and {@code iteration}) as loop variables. */
            Start,
            /** The condition is false: the step succeeded. */
            Done,
            /** The step fails with {@code message}, which names the field at fault. */
            Error
        }
    }

    private WhilePlanner() {
    }

    /** {@link #next(String, Map, Map, long, Map, Integer, Expressions)} with no variables but the loop's. */
    public static WhileDecision next(String condition, Map<String, Object> loopParams, long iteration,
                                     Map<String, Object> lastBodyOutputs, Long maxIterations, Expressions expressions) {
        return next(condition, Map.of(), loopParams, iteration, lastBodyOutputs, maxIterations, expressions);
    }

    /**
     * Decides iteration {@code iteration} (0-based; also the number of iterations that ran).
     *
     * @param scope           variables of the enclosing run ({@code params}, {@code steps}, ...); loop
     *                        variables shadow them
     * @param loopParams      the loop params of the iteration that ran last (the initial ones before the first)
     * @param lastBodyOutputs params and outputs of the last body, merged (see {@link #bodyValues}); null
     *                        before the first iteration. Only names of loop params are carried.
     * @param maxIterations   {@code while.maxIterations}, or null for {@link #DEFAULT_MAX_ITERATIONS}
     */
    public static WhileDecision next(String condition, Map<String, Object> scope, Map<String, Object> loopParams,
                                     long iteration, Map<String, Object> lastBodyOutputs, Long maxIterations,
                                     Expressions expressions) {
        Map<String, Object> params = carried(loopParams, lastBodyOutputs);
        Map<String, Object> vars = new LinkedHashMap<>(scope == null ? Map.of() : scope);
        vars.putAll(params);
        vars.put(Iterations.ITERATION, iteration);
        boolean again;
        try {
            again = expressions.condition(condition, vars);
        } catch (ExpressionException e) {
            return new WhileDecision(WhileDecision.Kind.Error, params, iteration, "while.condition: " + e.getMessage());
        }
        if (!again) {
            return new WhileDecision(WhileDecision.Kind.Done, params, iteration,
                    "condition \"" + condition + "\" is false after " + iteration + " iteration" + (iteration == 1 ? "" : "s"));
        }
        long max = maxIterations == null ? DEFAULT_MAX_ITERATIONS : maxIterations;
        if (iteration >= max) {
            return new WhileDecision(WhileDecision.Kind.Error, params, iteration, "while.maxIterations: condition \""
                    + condition + "\" is still true after " + iteration + " iterations, the limit"
                    + (maxIterations == null ? " when while.maxIterations is not set" : ""));
        }
        return new WhileDecision(WhileDecision.Kind.Start, params, iteration, null);
    }

    /** The loop params, each replaced by the last body's value of the same name when there is one. */
    static Map<String, Object> carried(Map<String, Object> loopParams, Map<String, Object> lastBodyOutputs) {
        Map<String, Object> params = new LinkedHashMap<>(loopParams);
        if (lastBodyOutputs != null) {
            params.replaceAll((name, value) -> lastBodyOutputs.containsKey(name) ? lastBodyOutputs.get(name) : value);
        }
        return Collections.unmodifiableMap(params);
    }

    /**
     * The values a body hands to the next iteration: each step's params then its outputs, steps in the
     * order given (the graph order), so an output wins over a param and a later step over an earlier one.
     */
    public static Map<String, Object> bodyValues(Collection<StepState> body) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (StepState step : body) {
            if (step.params() != null) {
                values.putAll(step.params());
            }
            if (step.outputs() != null) {
                values.putAll(step.outputs());
            }
        }
        return values;
    }
}
