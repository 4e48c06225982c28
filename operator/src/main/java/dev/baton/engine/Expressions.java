package dev.baton.engine;

import dev.cel.common.CelErrorCode;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelUnknownSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates the CEL expressions workflow authors write in {@code when} conditions and in
 * {@code ${...}} templates.
 *
 * <p>Every variable is declared {@code dyn}, because params and step outputs are only known at
 * run time. Expressions come from users, so their cost is bounded: text length, the total
 * number of comprehension iterations per evaluation (CEL has no other loops), and a runtime budget
 * that charges every step and the size of every value made ({@link EvaluationBudget}), with a time
 * limit; a template's text is capped too. Compiled programs are cached because the same conditions
 * are evaluated on every reconcile; the cache is bounded by entries and by an estimate of their bytes,
 * so many distinct or long expressions cannot exhaust memory. One instance is meant to be shared: it
 * is thread-safe.
 */
public final class Expressions {

    /** Longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 4_096;
    /** Most comprehension iterations ({@code map}, {@code all}, ...) one evaluation may run, summed over nesting. */
    public static final int MAX_ITERATIONS = 10_000;
    /** Most cost one evaluation may spend: see {@link EvaluationBudget}. */
    public static final long MAX_COST = 2_000_000;
    /** Longest one evaluation may run, checked between steps. */
    public static final long MAX_MILLIS = 1_000;
    /** Longest string a template, or a function that could multiply its input, may give, in characters. */
    public static final int MAX_VALUE_LENGTH = 256 * 1024;
    private static final int CACHE_SIZE = 10_000;
    /**
     * Memory the compiled-program cache may hold, by estimate: a program's AST and interpreter take some
     * tens of bytes per character of its source, plus a fixed part.
     */
    private static final long CACHE_BYTES = 64L << 20;
    private static final int BYTES_PER_CHARACTER = 64;
    private static final int BYTES_PER_PROGRAM = 2_048;
    private static final Pattern MISSING_KEY = Pattern.compile("key '(.*)' is not present in map\\.?");
    private static final Pattern LOCATION = Pattern.compile("^evaluation error at [^:]*:\\d+: ");

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final WeighedCache<Compiled> cache = new WeighedCache<>(CACHE_SIZE, CACHE_BYTES);

    /** A compiled program and the type it was checked to give, or why it does not compile (cached too). */
    private record Compiled(CelRuntime.Program program, CelType type, String error) {
    }

    public Expressions() {
        CelOptions options = CelOptions.current()
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .maxExpressionCodePointSize(MAX_LENGTH)
                .enableHeterogeneousNumericComparisons(true)
                .evaluateCanonicalTypesToNativeValues(true)
                .build();
        // The strings extension without its replace, which BoundedFunctions provides with a bound.
        EnumSet<CelStringExtensions.Function> strings = EnumSet.allOf(CelStringExtensions.Function.class);
        strings.remove(CelStringExtensions.Function.REPLACE);
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings(strings), CelExtensions.math(options))
                .addFunctionDeclarations(BoundedFunctions.replaceDeclaration())
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addLibraries(CelExtensions.strings(strings), CelExtensions.math(options))
                .addFunctionBindings(BoundedFunctions.replaceBindings(MAX_VALUE_LENGTH))
                .build();
    }

    /** The value of a CEL expression, as a plain Java value (Long, Double, String, Boolean, List, Map or null). */
    public Object evaluate(String expression, Map<String, Object> variables) {
        Map<String, Object> vars = variables == null ? Map.of() : variables;
        Compiled compiled = compiled(expression, vars.keySet());
        if (compiled.error() != null) {
            throw new ExpressionException(compiled.error());
        }
        Map<String, Object> input = new HashMap<>();
        vars.forEach((name, value) -> input.put(name, CelValues.toCel(value)));
        Object result;
        try {
            result = compiled.program().trace(input, new EvaluationBudget(MAX_COST, MAX_MILLIS * 1_000_000));
        } catch (CelEvaluationException | RuntimeException e) {
            throw new ExpressionException("cannot evaluate " + quote(expression) + ": " + reason(e));
        }
        if (result instanceof CelUnknownSet) {
            throw new ExpressionException("cannot evaluate " + quote(expression) + ": it reads a value that is not known");
        }
        return CelValues.fromCel(result);
    }

    /** The value of a condition, which must be a boolean: a condition that is "truthy" is a mistake, not true. */
    public boolean condition(String expression, Map<String, Object> variables) {
        Object value = evaluate(expression, variables);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new ExpressionException("condition " + quote(expression) + " must be a boolean, got " + CelValues.typeName(value));
    }

    /**
     * The value of a template. Exactly one {@code ${expr}} gives that expression's typed value, so a
     * list param can be passed on as a list; otherwise every {@code ${expr}} is replaced by its text
     * and the result is a String.
     */
    public Object interpolate(String template, Map<String, Object> variables) {
        Template parsed = Template.parse(template);
        if (parsed.unterminated() != null) {
            throw new ExpressionException("in " + quote(template) + ": " + parsed.unterminated());
        }
        if (parsed.isSingleExpression()) {
            Object value = evaluate(parsed.parts().get(0).text(), variables);
            if (value instanceof String text && text.length() > MAX_VALUE_LENGTH) {
                throw new ExpressionException("in " + quote(template) + ": the text would be longer than "
                        + MAX_VALUE_LENGTH + " characters");
            }
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (Template.Part part : parsed.parts()) {
            out.append(part.expression() ? CelValues.text(evaluate(part.text(), variables)) : part.text());
            if (out.length() > MAX_VALUE_LENGTH) {
                throw new ExpressionException("in " + quote(template) + ": the text would be longer than "
                        + MAX_VALUE_LENGTH + " characters");
            }
        }
        return out.toString();
    }

    /** Compiles an expression against variables of these names, throwing what is wrong with it. */
    public void check(String expression, Set<String> variableNames) {
        Compiled compiled = compiled(expression, variableNames == null ? Set.of() : variableNames);
        if (compiled.error() != null) {
            throw new ExpressionException(compiled.error());
        }
    }

    /**
     * Compiles a condition ({@code when}, a while's {@code condition}): besides compiling, it must be able
     * to give a boolean. Variables are untyped, so {@code x > 1} passes and is checked when it runs, but
     * {@code params.n + 1} or {@code "yes"} can never be true or false.
     */
    public void checkCondition(String expression, Set<String> variableNames) {
        check(expression, variableNames);
        CelType type = compiled(expression, variableNames == null ? Set.of() : variableNames).type();
        if (type != null && !type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
            throw new ExpressionException("condition " + quote(expression) + " must give a boolean, but it gives "
                    + type.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Every problem of a template: each {@code ${expr}} that does not compile, and an unclosed {@code ${}. */
    public List<String> checkTemplate(String template, Set<String> variableNames) {
        List<String> problems = new ArrayList<>();
        Template parsed = Template.parse(template);
        for (Template.Part part : parsed.parts()) {
            if (part.expression()) {
                try {
                    check(part.text(), variableNames);
                } catch (ExpressionException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (parsed.unterminated() != null) {
            problems.add("in " + quote(template) + ": " + parsed.unterminated());
        }
        return problems;
    }

    private Compiled compiled(String expression, Set<String> names) {
        if (expression == null || expression.isBlank()) {
            throw new ExpressionException("empty expression");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new ExpressionException("expression " + quote(expression) + " is " + expression.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        Set<String> sorted = new TreeSet<>(names);
        String key = String.join(",", sorted) + "\n" + expression;
        Compiled compiled = cache.get(key);
        if (compiled == null) {
            // Compiled outside the lock: two threads may both compile, which is harmless.
            compiled = compile(expression, sorted);
            cache.put(key, compiled, 2L * key.length() + (long) BYTES_PER_CHARACTER * expression.length() + BYTES_PER_PROGRAM);
        }
        return compiled;
    }

    private Compiled compile(String expression, Set<String> names) {
        CelCompilerBuilder builder = compiler.toCompilerBuilder();
        names.forEach(name -> builder.addVar(name, SimpleType.DYN));
        CelValidationResult result = builder.build().compile(expression);
        if (result.hasError()) {
            String issues = result.getErrors().stream().map(Expressions::describe).collect(Collectors.joining("; "));
            return new Compiled(null, null, "invalid expression " + quote(expression) + ": " + issues);
        }
        try {
            return new Compiled(runtime.createProgram(result.getAst()), result.getAst().getResultType(), null);
        } catch (Exception e) {
            return new Compiled(null, null, "invalid expression " + quote(expression) + ": " + e.getMessage());
        }
    }

    private static String describe(CelIssue issue) {
        String message = issue.getMessage().replace(" (in container '')", "");
        int line = issue.getSourceLocation().getLine();
        int column = issue.getSourceLocation().getColumn();
        if (column < 0) {
            return message;
        }
        return message + (line > 1 ? " (at line " + line + ", column " : " (at column ") + (column + 1) + ")";
    }

    /** Why an evaluation failed: CEL's message without its position prefix, reworded where it is obscure. */
    private static String reason(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EvaluationBudget.Exceeded exceeded) {
                return exceeded.getMessage();
            }
        }
        if (!(failure instanceof CelEvaluationException e)) {
            return String.valueOf(failure.getMessage());
        }
        String message = LOCATION.matcher(String.valueOf(e.getMessage())).replaceFirst("");
        if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
            Matcher m = MISSING_KEY.matcher(message);
            return "no such key '" + (m.matches() ? m.group(1) : message) + "'";
        }
        if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
            return "more than " + MAX_ITERATIONS + " loop iterations (map, filter, all, exists...); simplify the expression";
        }
        return message;
    }

    /** The expression in quotes for a message, shortened so a long one does not swamp the message. */
    private static String quote(String expression) {
        String shown = expression.length() > 120 ? expression.substring(0, 117) + "..." : expression;
        return "\"" + shown + "\"";
    }
}
