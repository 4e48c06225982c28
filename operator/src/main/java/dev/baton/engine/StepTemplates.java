package dev.baton.engine;

import dev.baton.api.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The string fields of a step that may hold ${expressions}, by field path relative to the step. Scripts
 * are not among them: they run as written so that shell variables keep working.
 */
final class StepTemplates {
    private StepTemplates() {
    }

    static Map<String, String> of(Step step) {
        Map<String, String> out = new LinkedHashMap<>();
        if (step.params != null) {
            step.params.forEach((k, v) -> strings("params." + k, v, out));
        }
        if (step.foreach != null && step.foreach.params != null) {
            step.foreach.params.forEach((k, v) -> strings("foreach.params." + k, v, out));
        }
        if (step.whileLoop != null && step.whileLoop.params != null) {
            step.whileLoop.params.forEach((k, v) -> strings("while.params." + k, v, out));
        }
        if (step.subworkflow != null && step.subworkflow.params != null) {
            step.subworkflow.params.forEach((k, v) -> strings("subworkflow.params." + k, v, out));
        }
        if (step.container != null) {
            list("container.command", step.container.command, out);
            list("container.args", step.container.args, out);
            if (step.container.env != null) {
                step.container.env.forEach((k, v) -> out.put("container.env." + k, v));
            }
        }
        return out;
    }

    private static void list(String field, List<String> values, Map<String, String> out) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                out.put(field + "[" + i + "]", values.get(i));
            }
        }
    }

    private static void strings(String field, Object value, Map<String, String> out) {
        if (value instanceof String s) {
            out.put(field, s);
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                strings(field + "[" + i + "]", l.get(i), out);
            }
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> strings(field + "." + k, v, out));
        }
    }
}
