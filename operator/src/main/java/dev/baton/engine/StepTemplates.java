package dev.baton.engine;

import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The string fields of a step that may hold ${expressions}, by field path relative to the step. Scripts
 * and their env are not among them: they run as written so that shell variables keep working.
 */
final class StepTemplates {
    /** The prefix of the templates of the signals a step emits. */
    static final String EMITS = "emitSignals[";

    private StepTemplates() {
    }

    static Map<String, String> of(Step step) {
        Map<String, String> out = new LinkedHashMap<>();
        step.params().forEach((k, v) -> strings("params." + k, v, out));
        if (step.action() instanceof StepAction.Foreach f) {
            f.params().forEach((k, v) -> strings("foreach.params." + k, v, out));
        }
        if (step.action() instanceof StepAction.While w) {
            w.params().forEach((k, v) -> strings("while.params." + k, v, out));
        }
        if (step.action() instanceof StepAction.Resource r) {
            r.manifest().forEach((k, v) -> strings("resource.manifest." + k, v, out));
        }
        if (step.action() instanceof StepAction.Subworkflow s) {
            s.params().forEach((k, v) -> strings("subworkflow.params." + k, v, out));
        }
        if (step.action() instanceof StepAction.Http h) {
            strings("http.url", h.url(), out);
            h.headers().forEach((k, v) -> out.put("http.headers." + k, v));
            strings("http.body", h.body(), out);
        }
        for (var emit : step.signals().emits()) {
            emit.params().forEach((k, v) -> strings(EMITS + emit.index() + "].params." + k, v, out));
        }
        if (step.kind() == StepKind.sql && step.leaf().sql() != null) {
            step.leaf().sql().params().forEach((k, v) -> strings("sql.params." + k, v, out));
        }
        if (step.leaf() != null && step.leaf().notebook() != null) {
            StepAction.Notebook n = step.leaf().notebook();
            n.params().forEach((k, v) -> strings("notebook.params." + k, v, out));
            out.put("notebook.output", n.output());
        }
        if (step.kind() == StepKind.container) {
            StepAction.Leaf c = step.leaf();
            list("container.command", c.command(), out);
            list("container.args", c.args(), out);
            if (c.env() != null) {
                c.env().forEach((k, v) -> out.put("container.env." + k, v));
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
