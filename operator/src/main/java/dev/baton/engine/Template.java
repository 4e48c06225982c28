package dev.baton.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A string split into literal text and {@code ${expression}} parts.
 *
 * <p>The closing brace is found by scanning the expression, not by searching for the first
 * {@code }}: braces inside CEL string literals ({@code ${'a}b'}}) and map literals
 * ({@code ${{'k': 1}.k}}) do not end it. {@code $${} stands for a literal {@code ${}.
 *
 * @param parts the parts in order; adjacent literal text is merged
 * @param unterminated why parsing stopped early (a {@code ${} never closed), or null
 */
record Template(List<Part> parts, String unterminated) {

    /** Literal text, or the source of one expression and where its {@code ${} starts. */
    record Part(String text, boolean expression, int offset) {
    }

    /** True when the template is exactly one {@code ${expression}}, so its value keeps its type. */
    boolean isSingleExpression() {
        return unterminated == null && parts.size() == 1 && parts.get(0).expression();
    }

    static Template parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (template.startsWith("${", i)) {
                int end = closingBrace(template, i + 2);
                flush(literal, parts);
                if (end < 0) {
                    return new Template(parts, "\"${\" at position " + i + " is never closed by \"}\"");
                }
                parts.add(new Part(template.substring(i + 2, end), true, i));
                i = end + 1;
            } else {
                literal.append(template.charAt(i++));
            }
        }
        flush(literal, parts);
        return new Template(parts, null);
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), false, -1));
            literal.setLength(0);
        }
    }

    /** Index of the brace closing an expression that starts at {@code from}, or -1. */
    private static int closingBrace(String s, int from) {
        int depth = 0;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(s, i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
            i++;
        }
        return -1;
    }

    /** Index just after the CEL string literal opening at {@code start}, or -1 if it never closes. */
    private static int endOfString(String s, int start) {
        String quote = s.startsWith(s.substring(start, start + 1).repeat(3), start)
                ? s.substring(start, start + 3) : s.substring(start, start + 1);
        boolean raw = start > 0 && (s.charAt(start - 1) == 'r' || s.charAt(start - 1) == 'R');
        int i = start + quote.length();
        while (i < s.length()) {
            if (!raw && s.charAt(i) == '\\') {
                i += 2;
            } else if (s.startsWith(quote, i)) {
                return i + quote.length();
            } else {
                i++;
            }
        }
        return -1;
    }
}
