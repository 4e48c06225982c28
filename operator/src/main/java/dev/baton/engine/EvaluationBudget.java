package dev.baton.engine;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;

/**
 * The cost one CEL evaluation may spend, charged as it runs: one unit for every expression node CEL
 * evaluates, plus the size of every value a node makes (characters of a string, bytes of a byte string,
 * entries of a list or map). A node that only reads a value (a variable, a field) makes nothing, and
 * neither does a loop's step that appends one element to its result (that element was charged when it was
 * made, and the loop's result is charged once when the loop ends), so looping over a long list costs its
 * length, not its square. CEL's own limits bound only the expression's length and its loop
 * iterations, yet {@code params.s + params.s} nested a few times, or a list built in a {@code map},
 * can ask for gigabytes within both. Every value is charged when it is made, so the memory an evaluation
 * holds stays within a small multiple of the budget; the one value being made when the budget runs out is
 * bounded because each CEL function's result is linear in its arguments (the one that is not, string
 * {@code replace}, is Baton's own bounded version: {@link BoundedFunctions}). The clock is read every few
 * thousand nodes so a slow evaluation also ends.
 *
 * <p>One budget serves one evaluation, on one thread.
 */
final class EvaluationBudget implements CelEvaluationListener {
    private static final int CLOCK_EVERY = 4_096;

    private final long maxCost;
    private final long maxNanos;
    private final long deadlineNanos;
    private long spent;
    private int sinceClock;

    EvaluationBudget(long maxCost, long maxNanos) {
        this.maxCost = maxCost;
        this.maxNanos = maxNanos;
        this.deadlineNanos = System.nanoTime() + maxNanos;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        spent += 1 + (makesItsValue(expr) ? size(value) : 0);
        if (spent > maxCost) {
            throw new Exceeded("it costs more than " + maxCost + " units (a unit is one step of evaluation, or one"
                    + " character or element of a value it makes); make it simpler or its inputs smaller");
        }
        if (++sinceClock >= CLOCK_EVERY) {
            sinceClock = 0;
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new Exceeded("it ran for longer than " + (maxNanos / 1_000_000) + " ms" + "; make it simpler or its inputs smaller");
            }
        }
    }

    private static boolean makesItsValue(CelExpr expr) {
        return switch (expr.getKind()) {
            case IDENT, SELECT, CONSTANT -> false;
            case CALL -> expr.call().args().stream().noneMatch(EvaluationBudget::isLoopResult);
            default -> true;
        };
    }

    /** The accumulator of a macro's loop (its name differs between CEL versions). */
    private static boolean isLoopResult(CelExpr arg) {
        return arg.getKind() == CelExpr.ExprKind.Kind.IDENT
                && (arg.ident().name().equals("@result") || arg.ident().name().equals("__result__"));
    }

    private static long size(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        if (value instanceof dev.cel.common.values.CelByteString b) {
            return b.size();
        }
        return 0;
    }

    /** Thrown from inside CEL's interpreter to stop it; {@link Expressions} turns it into a message. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
