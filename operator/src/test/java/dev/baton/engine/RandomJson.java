package dev.baton.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random JSON values as a spec tree holds them after decoding (maps, lists, strings, numbers, booleans,
 * nulls), biased towards what breaks parsers and validators: numbers past 32 and 64 bits, fractions
 * where whole numbers belong, non-finite doubles, strings that look like expressions or are far too
 * long, keys that are field names, and nesting up to the depth a JSON parser lets through. Each value is
 * drawn from the {@link Random} given, so a seed gives the same value again.
 */
final class RandomJson {
    /** Jackson's default nesting limit (StreamReadConstraints): no decoded spec is deeper. */
    static final int PARSER_DEPTH = 1_000;
    /** Field names of every part of a spec, so random objects often look like a part they are not. */
    static final List<String> FIELD_NAMES = List.of("name", "steps", "dependsOn", "step", "when", "params", "noop", "bash",
            "python", "container", "sleep", "foreach", "while", "subworkflow", "script", "image", "args", "command",
            "env", "resources", "limits", "requests", "cpu", "memory", "claims", "retry", "errors", "platform",
            "timeouts", "backoff", "type", "base", "factor", "max", "timeout", "onFailure", "breakpoint",
            "podTemplate", "metadata", "labels", "annotations", "spec", "containers", "executor", "duration",
            "condition", "maxIterations", "concurrency", "retention", "strictOrdering", "collect", "workflow",
            "inheritParams", "sync", "default", "required", "description", "defaults", "runStrategy",
            "stepConcurrency", "instanceStepConcurrency", "suspend", "nodeSelector", "volumes", "tolerations");
    private static final List<Object> TRICKY_NUMBERS = List.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
            2_147_483_648L, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE,
            BigInteger.TWO.pow(64), BigInteger.TEN.pow(40).negate(), 0.5, -0.0, 1e308, -1e308, 4.9e-324,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 10.0, new BigDecimal("1.5"),
            new BigDecimal("1E+40"), new BigDecimal("-7E-30"), new BigDecimal("1E+999999999"), new BigDecimal("2.5E-999999999"));
    private static final List<String> TRICKY_STRINGS = List.of("", " ", "${", "${}", "}", "${ ", "$${x}", "${params.p}",
            "${steps.a.outputs.n}", "${1 +", "${'}'}", "${{'k': 1}.k}", "${iteration}", "null", "true", "10", "-1",
            "1e400", "0x10", "90s", "2h", "-5m", "0s", "1Gi", "500m", "1e999999999", "1E-999999999", "1Ei", "Ki", ".5", "1e", "-1m", "busybox", "busybox:1.36", "UPPER:case",
            "a/b/c:d@sha256:" + "0".repeat(64), "Sometimes", "Ignore", "FailImmediately", "Job", "Pod",
            "Exponential", "Fixed", "long", "string", "stringArray", "map", "ü", "\u0000", "line\nbreak", "\"", "'",
            "x".repeat(70), "y".repeat(5_000), "steps['a']", "a-b", "A_b", "-a", "a-", "1a");
    private static final List<String> FRAGMENTS = List.of("(", ")", "[", "]", "{", "}", "'", "\"", "steps", ".", "params",
            "p", "x", "n", "a", "outputs", "phase", "==", "!=", "<", "&&", "||", "!", "-", "1", "2.5",
            "9223372036854775808", "true", "null", "has(", "size(", "+", "*", "/", "%", "?", ":", ",", " ",
            "iteration", "instance.name", "${", "}", ".map(v, v)", ".all(v, v)", "'a'.repeat(3)",
            "dyn(", "int(", "string(", "[1,2,3]", "{'k': 1}", "\\", "\n");
    private static final List<String> SAMPLES = List.of("true", "false", "params.p > 1", "steps.a.phase == 'Succeeded'",
            "1 + 2", "'yes'", "x > 1", "iteration < 3", "has(steps.a.outputs.n)", "params.nope", "a >");
    private static final List<String> OPENINGS = List.of("(", "[", "!", "-", "{'k':", "f(", "[[", "size(");
    private static final List<String> LINKS = List.of(" + 1", " && true", ".x", "[0]", " ? 1 : 1");

    private RandomJson() {
    }

    /** Any scalar: a string (4 in 9), a number (3 in 9), a boolean or null. */
    static Object scalar(Random r) {
        return switch (Gen.weighted(r, 4, 3, 1, 1)) {
            case 0 -> string(r);
            case 1 -> number(r);
            case 2 -> r.nextBoolean();
            default -> null;
        };
    }

    /** A tricky string, a field name, random text, CEL or an expression, each as likely. */
    static String string(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Gen.pick(r, TRICKY_STRINGS);
            case 1 -> Gen.pick(r, FIELD_NAMES);
            case 2 -> Gen.string(r, 12);
            case 3 -> cel(r);
            default -> "${" + cel(r) + "}";
        };
    }

    /** A tricky number, an int, a long, a BigInteger within 10^30 either way, or a double, each as likely. */
    static Object number(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Gen.pick(r, TRICKY_NUMBERS);
            case 1 -> Gen.anyInt(r);
            case 2 -> Gen.anyLong(r);
            case 3 -> Gen.between(r, BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30));
            default -> Gen.anyDouble(r);
        };
    }

    /**
     * A JSON value nested up to {@code depth} levels of lists and objects: at each level a scalar (3 in
     * 5), a list of up to three values or an object of up to four fields.
     */
    static Object value(Random r, int depth) {
        if (depth == 0) {
            return scalar(r);
        }
        return switch (Gen.weighted(r, 3, 1, 1)) {
            case 0 -> scalar(r);
            case 1 -> Gen.<Object>list(r, 0, 3, x -> value(x, depth - 1));
            default -> object(r, depth - 1);
        };
    }

    /** An object of up to four fields whose keys are mostly field names of a spec, values nested up to {@code depth}. */
    static Map<String, Object> object(Random r, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int n = Gen.between(r, 0, 4);
        for (int i = 0; i < n; i++) {
            String key = r.nextBoolean() ? Gen.pick(r, FIELD_NAMES) : Gen.string(r, 8);
            map.put(key, value(r, depth));
        }
        return map;
    }

    /**
     * Text that is CEL, nearly CEL, or CEL nested past any sane depth: up to 14 fragments joined (6 in
     * 10), a sample expression (2 in 10), 50 to 2,000 levels of nesting, or a chain of 50 to 1,300 links.
     */
    static String cel(Random r) {
        return switch (Gen.weighted(r, 6, 2, 1, 1)) {
            case 0 -> String.join("", Gen.list(r, 0, 14, x -> Gen.pick(x, FRAGMENTS)));
            case 1 -> Gen.pick(r, SAMPLES);
            case 2 -> nested(Gen.pick(r, OPENINGS), Gen.between(r, 50, 2_000));
            default -> "1" + Gen.pick(r, LINKS).repeat(Gen.between(r, 50, 1_300));
        };
    }

    /** {@code open} repeated n times around a 1, each closed as CEL closes it. */
    private static String nested(String open, int n) {
        String close = switch (open) {
            case "(", "f(", "size(" -> ")";
            case "[" -> "]";
            case "[[" -> "]]";
            case "{'k':" -> "}";
            default -> "";
        };
        return open.repeat(n) + "1" + close.repeat(n);
    }
}
