package dev.baton.console;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The filters of the instance list, as the page's query string gives them: namespace, workflow, phase
 * (comma-separated), label (k=v,k2=v2), since/until (RFC 3339, on the creation time), text (in the name),
 * children (loop iterations and subworkflow runs too), limit and continue.
 */
public record InstanceQuery(String namespace, String workflow, Set<String> phases, Map<String, String> labels, Instant since,
                            Instant until, String text, boolean children, int limit, String continueToken) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** Parses the query parameters; a bad one is refused with its name and what is expected. */
    public static InstanceQuery parse(Function<String, String> param) {
        Set<String> phases = blank(param.apply("phase")) ? Set.of() : Set.of(param.apply("phase").split(","));
        return new InstanceQuery(emptyToNull(param.apply("namespace")), emptyToNull(param.apply("workflow")), phases,
                labels(param.apply("label")), time(param, "since"), time(param, "until"), emptyToNull(param.apply("text")),
                "true".equals(param.apply("children")), limit(param.apply("limit")), emptyToNull(param.apply("continue")));
    }

    private static Map<String, String> labels(String selector) {
        Map<String, String> out = new LinkedHashMap<>();
        if (blank(selector)) {
            return out;
        }
        for (String pair : selector.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ConsoleRefusal.badRequest("label: expected key=value[,key=value], got \"" + pair + "\"");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static Instant time(Function<String, String> param, String name) {
        String value = param.apply(name);
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ConsoleRefusal.badRequest(name + ": expected an RFC 3339 time such as 2026-12-06T08:00:00Z, got \"" + value + "\"");
        }
    }

    private static int limit(String value) {
        if (blank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleRefusal.badRequest("limit: expected a whole number from 1 to " + MAX_LIMIT + ", got \"" + value + "\"");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }
}
