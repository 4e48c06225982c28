package dev.baton.engine;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * CEL string functions whose result can be far larger than their arguments, reimplemented with a bound
 * on the result that is checked before it is built. Only {@code replace} is such a function: with an
 * empty pattern it inserts the replacement between every two characters, so one call on two values of a
 * megabyte each would make a terabyte before {@link EvaluationBudget} could see it. Declared and bound
 * under the strings extension's own overload names, with its semantics ({@code limit} &lt; 0 replaces
 * every match; an empty pattern matches before each character and at the end).
 */
final class BoundedFunctions {

    private BoundedFunctions() {
    }

    static CelFunctionDecl replaceDeclaration() {
        return CelFunctionDecl.newFunctionDeclaration("replace",
                CelOverloadDecl.newMemberOverload("string_replace_string_string", SimpleType.STRING,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING),
                CelOverloadDecl.newMemberOverload("string_replace_string_string_int", SimpleType.STRING,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.INT));
    }

    static List<CelFunctionBinding> replaceBindings(int maxLength) {
        return List.of(
                CelFunctionBinding.from("string_replace_string_string",
                        List.of(String.class, String.class, String.class),
                        args -> replace((String) args[0], (String) args[1], (String) args[2], -1, maxLength)),
                CelFunctionBinding.from("string_replace_string_string_int",
                        List.of(String.class, String.class, String.class, Long.class),
                        args -> replace((String) args[0], (String) args[1], (String) args[2], (Long) args[3], maxLength)));
    }

    static String replace(String text, String pattern, String replacement, long limit, int maxLength) {
        long matches = matches(text, pattern, limit);
        long length = text.length() + matches * (replacement.length() - (long) pattern.length());
        if (length > maxLength) {
            throw new EvaluationBudget.Exceeded("replace would make a string of " + length
                    + " characters; the limit is " + maxLength);
        }
        if (matches == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder((int) length);
        int from = 0;
        for (long done = 0; done < matches; done++) {
            int at = pattern.isEmpty() ? from : text.indexOf(pattern, from);
            out.append(text, from, at).append(replacement);
            if (pattern.isEmpty()) {
                if (at < text.length()) {
                    out.append(text.charAt(at));
                }
                from = at + 1;
            } else {
                from = at + pattern.length();
            }
        }
        if (from < text.length()) {
            out.append(text, from, text.length());
        }
        return out.toString();
    }

    /** How many matches a replace with this limit replaces. */
    private static long matches(String text, String pattern, long limit) {
        long max = limit < 0 ? Long.MAX_VALUE : limit;
        if (pattern.isEmpty()) {
            return Math.min(max, text.length() + 1L);
        }
        long count = 0;
        int at = text.indexOf(pattern);
        while (at >= 0 && count < max) {
            count++;
            at = text.indexOf(pattern, at + pattern.length());
        }
        return count;
    }
}
