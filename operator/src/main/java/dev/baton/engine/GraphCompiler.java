package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles one DAG of steps (the workflow's, or a loop body's with the loop variables in scope): each
 * step, then names, edges and cycles, then expressions once the graph is sound. Loop bodies are compiled
 * by the same code, with the same checks and limits, as the top level.
 */
final class GraphCompiler {
    /** Most steps in one graph, the top level's as each loop body's. */
    static final int MAX_STEPS = 200;
    /** Most loops nested in one another; deeper specs are refused before they can exhaust the stack. */
    static final int MAX_NESTING = 10;
    static final Set<String> TOP_SCOPE = Set.of("params", "steps", "instance");
    /** What an emitted signal's params read besides the step's scope: the step's own {@code outputs}. */
    static final String EMIT_SCOPE = "outputs";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$");
    private static final Pattern STEP_REF = Pattern.compile("steps\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");
    private static final Pattern PARAM_REF = Pattern.compile("(?<![\\w.])params\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");

    private final Expressions expressions;
    private final StepReader steps;
    private final PodChecks podChecks;

    GraphCompiler(Expressions expressions, PodChecks podChecks) {
        this.expressions = expressions;
        this.podChecks = podChecks;
        this.steps = new StepReader(this, podChecks);
    }

    /**
     * What a graph's steps see: the workflow's declared params and which of them come from Secrets, the
     * variable names in scope, the workflow's leaf defaults, and how deep in loops it is.
     */
    record Context(Set<String> declared, Set<String> secrets, Set<String> scope, LeafSettings defaults, int depth,
                   Set<String> ended) {
        Context(Set<String> declared, Set<String> secrets, Set<String> scope, LeafSettings defaults, int depth) {
            this(declared, secrets, scope, defaults, depth, Set.of());
        }

        Context(Set<String> declared, Set<String> secrets, Set<String> scope, LeafSettings defaults) {
            this(declared, secrets, scope, defaults, 0);
        }

        Context body(Set<String> innerScope) {
            return new Context(declared, secrets, Set.copyOf(innerScope), defaults, depth + 1);
        }

        /**
         * The context of the exit hooks: every step of the workflow's graph has ended when they start, so
         * they read any of them; they depend on none and share no name with one.
         */
        Context afterGraph(Set<String> graphSteps) {
            return new Context(declared, secrets, scope, defaults, depth, Set.copyOf(graphSteps));
        }
    }

    PodChecks podChecks() {
        return podChecks;
    }

    Expressions expressions() {
        return expressions;
    }

    /** The graph, or null when any error was added for it. */
    Graph compile(List<?> raw, String prefix, Context context, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldError(prefix, "a workflow needs at least one step"));
            return null;
        }
        if (context.depth() > MAX_NESTING) {
            errors.add(new FieldError(prefix, "loops are nested more than " + MAX_NESTING + " deep"));
            return null;
        }
        int before = errors.size();
        List<Step> compiled = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            compiled.add(steps.read(raw.get(i), prefix + "[" + i + "]", context, errors));
        }
        int beforeGraph = errors.size();
        Map<String, Integer> index = names(compiled, prefix, context.ended(), errors);
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (int i = 0; i < compiled.size(); i++) {
            edges.put(compiled.get(i).name(), edgesOf(compiled.get(i), prefix + "[" + i + "]", index, context.ended(), errors));
        }
        boolean graphSound = errors.size() == beforeGraph;
        var cycle = Graph.findCycle(edges);
        if (cycle.isPresent()) {
            errors.add(new FieldError(prefix, "dependsOn forms a cycle: " + String.join(" → ", cycle.get())
                    + " (write repeated work with a while step)"));
            return null;
        }
        if (!graphSound) {
            return null;
        }
        Graph graph = Graph.of(compiled);
        expressions(graph, compiled, prefix, context, errors);
        return errors.size() == before ? graph : null;
    }

    private static Map<String, Integer> names(List<Step> steps, String prefix, Set<String> ended, List<FieldError> errors) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String name = steps.get(i).name();
            String at = prefix + "[" + i + "].name";
            if (name == null || !NAME.matcher(name).matches()) {
                errors.add(new FieldError(at, "\"" + name + "\" is not a step name (lowercase letters, digits and '-', at most 40 characters)"));
            } else if (ended.contains(name)) {
                errors.add(new FieldError(at, "duplicate step name \"" + name + "\" (also a step of spec.steps): exit hooks and"
                        + " steps share one namespace of names"));
            } else if (index.putIfAbsent(name, i) != null) {
                errors.add(new FieldError(at, "duplicate step name \"" + name + "\" (also " + prefix + "[" + index.get(name) + "])"));
            }
        }
        return index;
    }

    private static List<String> edgesOf(Step step, String at, Map<String, Integer> index, Set<String> ended,
                                        List<FieldError> errors) {
        List<String> targets = new ArrayList<>();
        List<Step.Edge> deps = step.dependsOn();
        for (int j = 0; j < deps.size(); j++) {
            String field = at + ".dependsOn[" + j + "]";
            String target = deps.get(j).step();
            if (target == null) {
                errors.add(new FieldError(field, "must be a step name or {step: name, when: condition}"));
            } else if (ended.contains(target)) {
                errors.add(new FieldError(field, "\"" + target + "\" is a step of spec.steps: an exit hook starts once every step"
                        + " has ended and depends only on other exit hooks (it reads steps['" + target + "'] without an edge)"));
            } else if (!index.containsKey(target)) {
                errors.add(new FieldError(field, "unknown step \"" + target + "\""));
            } else if (target.equals(step.name())) {
                errors.add(new FieldError(field, "a step cannot depend on itself"));
            } else if (targets.contains(target)) {
                errors.add(new FieldError(field, "\"" + target + "\" is listed twice"));
            } else {
                targets.add(target);
            }
        }
        return targets;
    }

    private void expressions(Graph graph, List<Step> steps, String prefix, Context context, List<FieldError> errors) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String at = prefix + "[" + i + "]";
            Set<String> upstream = new java.util.LinkedHashSet<>(context.ended());
            upstream.addAll(graph.ancestors(step.name()));
            List<Step.Edge> deps = step.dependsOn();
            for (int j = 0; j < deps.size(); j++) {
                if (deps.get(j).when() != null) {
                    String field = at + ".dependsOn[" + j + "].when";
                    try {
                        expressions.checkCondition(deps.get(j).when(), context.scope());
                        references(deps.get(j).when(), field, upstream, context.declared(), errors);
                        SecretParams.refuseIn(deps.get(j).when(), field, context.secrets(), errors);
                    } catch (ExpressionException e) {
                        errors.add(new FieldError(field, e.getMessage()));
                    }
                }
            }
            var waits = step.signals().waits();
            for (var wait : waits) {
                if (wait.match() != null) {
                    String field = at + ".waitForSignals[" + wait.index() + "].match";
                    try {
                        expressions.checkCondition(wait.match(), union(context.scope(), SignalView.SIGNAL));
                        references(wait.match(), field, upstream, context.declared(), errors);
                        SecretParams.refuseIn(wait.match(), field, context.secrets(), errors);
                    } catch (ExpressionException e) {
                        errors.add(new FieldError(field, e.getMessage()));
                    }
                }
            }
            // A step that waits for signals reads them as signals['name'] when it starts; what it emits
            // may read its own outputs as well.
            Set<String> own = step.signals().waits().isEmpty() ? context.scope() : union(context.scope(), SignalView.SIGNALS);
            for (Map.Entry<String, String> t : StepTemplates.of(step).entrySet()) {
                String field = at + "." + t.getKey();
                Set<String> scope = t.getKey().startsWith(StepTemplates.EMITS) ? union(own, EMIT_SCOPE) : own;
                for (String problem : expressions.checkTemplate(t.getValue(), scope)) {
                    errors.add(new FieldError(field, problem));
                }
                references(t.getValue(), field, upstream, context.declared(), errors);
                SecretParams.refuseIn(t.getValue(), field, context.secrets(), errors);
            }
        }
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.add(b);
        return Set.copyOf(out);
    }

    /** A step may read only steps upstream of it, and only declared params: anything else never has a value. */
    private static void references(String text, String field, Set<String> upstream, Set<String> declared, List<FieldError> errors) {
        Matcher m = STEP_REF.matcher(text);
        while (m.find()) {
            String name = Objects.requireNonNullElse(m.group(1), m.group(2));
            if (!upstream.contains(name)) {
                errors.add(new FieldError(field, "reads steps." + name + ", which is not upstream of this step (upstream: "
                        + (upstream.isEmpty() ? "none" : String.join(", ", upstream)) + ")"));
            }
        }
        Matcher p = PARAM_REF.matcher(text);
        while (p.find()) {
            if (!declared.contains(p.group(1))) {
                errors.add(new FieldError(field, "reads params." + p.group(1) + ", which the workflow does not declare"));
            }
        }
    }
}
