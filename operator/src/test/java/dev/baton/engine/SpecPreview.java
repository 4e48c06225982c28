package dev.baton.engine;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A spec tree as short JSON-like text for a failure message: long strings, deep nesting and big
 * objects are cut, so that a 1,000-level tree or a 5,000-character expression still prints in a line.
 */
final class SpecPreview {
    private static final int MAX_DEPTH = 12;
    private static final int MAX_STRING = 80;
    private static final int MAX_TOTAL = 6_000;

    private SpecPreview() {
    }

    static String of(Object tree) {
        StringBuilder out = new StringBuilder();
        write(tree, 0, out);
        return out.length() > MAX_TOTAL ? out.substring(0, MAX_TOTAL) + "...(" + out.length() + " characters)" : out.toString();
    }

    private static void write(Object v, int depth, StringBuilder out) {
        if (out.length() > MAX_TOTAL) {
            return;
        }
        if (depth > MAX_DEPTH && (v instanceof Map<?, ?> || v instanceof List<?>)) {
            out.append("...");
            return;
        }
        if (v instanceof Map<?, ?> m) {
            out.append('{');
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                out.append(e.getKey()).append(": ");
                write(e.getValue(), depth + 1, out);
                out.append(it.hasNext() ? ", " : "");
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                write(l.get(i), depth + 1, out);
                out.append(i + 1 < l.size() ? ", " : "");
            }
            out.append(']');
        } else if (v instanceof String s) {
            String shown = s.length() > MAX_STRING ? s.substring(0, MAX_STRING) + "...(" + s.length() + " characters)" : s;
            out.append('"').append(shown.replace("\n", "\\n")).append('"');
        } else {
            out.append(v == null ? "null" : v + (v instanceof Number ? " (" + v.getClass().getSimpleName() + ")" : ""));
        }
    }
}
