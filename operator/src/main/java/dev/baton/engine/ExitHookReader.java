package dev.baton.engine;

import dev.baton.engine.model.ExitHook;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code spec.onExit}: steps of any kind, compiled by the same code as the graph's, with two fields
 * of their own ({@code when}, {@code failInstance}). They may depend on one another but on no step of the
 * graph: they start once the whole graph has ended, and read any of its steps without an edge.
 */
final class ExitHookReader {
    /** Most exit hooks of one workflow. */
    static final int MAX_HOOKS = 20;
    private static final Set<String> HOOK_FIELDS = Set.of("when", "failInstance");

    private ExitHookReader() {
    }

    /** The hooks, and the graph with them appended; the graph as it was when there are none or they have errors. */
    record Read(Graph steps, Map<String, ExitHook> hooks) {
    }

    static Read read(GraphCompiler graphs, SpecFields spec, List<?> rawSteps, Graph steps, GraphCompiler.Context context,
                     List<FieldError> errors) {
        List<?> raw = spec.list("onExit", MAX_HOOKS);
        if (raw == null || raw.isEmpty()) {
            return new Read(steps, Map.of());
        }
        String prefix = spec.field("onExit");
        Map<String, ExitHook.When> when = new LinkedHashMap<>();
        Map<String, Boolean> failInstance = new LinkedHashMap<>();
        List<Object> stepsOnly = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            SpecFields h = SpecFields.of(raw.get(i), prefix + "[" + i + "]", errors);
            String name = h.string("name");
            when.put(name, h.oneOf("when", ExitHook.When.class));
            failInstance.put(name, Boolean.TRUE.equals(h.bool("failInstance")));
            stepsOnly.add(raw.get(i) instanceof Map<?, ?> m ? withoutHookFields(m) : raw.get(i));
        }
        int before = errors.size();
        Graph hooks = graphs.compile(stepsOnly, prefix, context.afterGraph(names(rawSteps, steps)), errors);
        if (hooks == null || steps == null || errors.size() != before) {
            return new Read(steps, Map.of());
        }
        Map<String, ExitHook> byName = new LinkedHashMap<>();
        for (String name : hooks.order()) {
            byName.put(name, new ExitHook(name, when.get(name), failInstance.get(name)));
        }
        List<Step> all = new ArrayList<>(steps.steps());
        all.addAll(hooks.steps()); // declared last and with no edge to the graph: ordered after all of its steps
        return new Read(Graph.of(all), byName);
    }

    private static Map<String, Object> withoutHookFields(Map<?, ?> hook) {
        Map<String, Object> out = new LinkedHashMap<>();
        hook.forEach((k, v) -> {
            if (!HOOK_FIELDS.contains(String.valueOf(k))) {
                out.put(String.valueOf(k), v);
            }
        });
        return out;
    }

    /** The graph's step names; read from the spec as written when the graph did not compile. */
    private static Set<String> names(List<?> rawSteps, Graph steps) {
        Set<String> out = new LinkedHashSet<>();
        if (steps != null) {
            out.addAll(steps.order());
        } else if (rawSteps != null) {
            rawSteps.stream().filter(s -> s instanceof Map<?, ?> m && m.get("name") instanceof String)
                    .forEach(s -> out.add((String) ((Map<?, ?>) s).get("name")));
        }
        return out;
    }
}
