package dev.baton.engine;

import dev.baton.api.ContainerStep;
import dev.baton.api.Step;
import dev.baton.api.StepKind;
import dev.baton.api.StepSettings;
import dev.baton.api.WorkflowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic checks of a workflow spec that the CRD schema cannot express: graph shape, expressions,
 * durations and images. Returns every error at once, each naming its field path.
 */
public final class WorkflowValidator {
    static final Set<String> SCOPE = Set.of("params", "steps", "instance");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$");
    private static final Pattern STEP_REF = Pattern.compile("steps\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");
    private static final Pattern PARAM_REF = Pattern.compile("(?<![\\w.])params\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
    // The grammar of an image reference (distribution/reference), lower-case repository components.
    private static final Pattern IMAGE = Pattern.compile(
            "^(?:(?:localhost|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)(?::[0-9]+)?/|[A-Za-z0-9-]+:[0-9]+/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

    private final Expressions expressions;
    private final ParamResolver params = new ParamResolver();

    public WorkflowValidator(Expressions expressions) {
        this.expressions = expressions;
    }

    /** Every problem of the spec; empty when it is valid. */
    public List<FieldError> validate(WorkflowSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null || spec.steps == null || spec.steps.isEmpty()) {
            errors.add(new FieldError("spec.steps", "a workflow needs at least one step"));
            return errors;
        }
        if (spec.params != null) {
            errors.addAll(params.checkDeclarations(spec.params));
        }
        duration(spec.timeout, "spec.timeout", errors);
        if (spec.defaults != null) {
            settings(spec.defaults, "spec.defaults", errors);
        }
        checkSteps(spec, spec.steps, "spec.steps", SCOPE, errors);
        return errors;
    }

    /**
     * Checks one DAG of steps (the workflow's, or a loop body's with the loop variables in scope): names,
     * edges, cycles, kinds, settings, then expressions once the graph is sound.
     */
    private void checkSteps(WorkflowSpec spec, List<Step> steps, String prefix, Set<String> scope, List<FieldError> errors) {
        int before = errors.size();
        Map<String, Integer> index = names(steps, prefix, errors);
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            edges.put(steps.get(i).name, edgesOf(steps.get(i), prefix + "[" + i + "]", index, errors));
        }
        boolean graphSound = errors.size() == before;
        for (int i = 0; i < steps.size(); i++) {
            kind(steps.get(i), spec, prefix + "[" + i + "]", scope, errors);
            settings(steps.get(i), prefix + "[" + i + "]", errors);
        }
        Graph.findCycle(edges).ifPresentOrElse(
                cycle -> errors.add(new FieldError(prefix, "dependsOn forms a cycle: " + String.join(" → ", cycle)
                        + " (write repeated work with a while step)")),
                () -> {
                    if (graphSound) {
                        expressions(spec, steps, prefix, scope, errors);
                    }
                });
    }

    private Map<String, Integer> names(List<Step> steps, String prefix, List<FieldError> errors) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            String name = steps.get(i).name;
            String at = prefix + "[" + i + "].name";
            if (name == null || !NAME.matcher(name).matches()) {
                errors.add(new FieldError(at, "\"" + name + "\" is not a step name (lowercase letters, digits and '-', at most 40 characters)"));
            } else if (index.putIfAbsent(name, i) != null) {
                errors.add(new FieldError(at, "duplicate step name \"" + name + "\" (also " + prefix + "[" + index.get(name) + "])"));
            }
        }
        return index;
    }

    private List<String> edgesOf(Step step, String at, Map<String, Integer> index, List<FieldError> errors) {
        List<String> targets = new ArrayList<>();
        List<Step.Dependency> deps = step.dependencies();
        for (int j = 0; j < deps.size(); j++) {
            String field = at + ".dependsOn[" + j + "]";
            String target = deps.get(j).step();
            if (target == null) {
                errors.add(new FieldError(field, "must be a step name or {step: name, when: condition}"));
            } else if (!index.containsKey(target)) {
                errors.add(new FieldError(field, "unknown step \"" + target + "\""));
            } else if (target.equals(step.name)) {
                errors.add(new FieldError(field, "a step cannot depend on itself"));
            } else if (targets.contains(target)) {
                errors.add(new FieldError(field, "\"" + target + "\" is listed twice"));
            } else {
                targets.add(target);
            }
        }
        return targets;
    }

    private void kind(Step step, WorkflowSpec spec, String at, Set<String> scope, List<FieldError> errors) {
        StepKind kind = step.kind();
        if (kind == null) {
            errors.add(new FieldError(at, "a step sets exactly one kind: container, bash, python, noop, sleep, foreach, while or subworkflow"));
            return;
        }
        if (kind == StepKind.foreach) {
            foreach(step, spec, at + ".foreach", scope, errors);
        }
        if (kind == StepKind.whileLoop) {
            whileLoop(step, spec, at + ".while", scope, errors);
        }
        if (kind == StepKind.subworkflow && (step.subworkflow.workflow == null || step.subworkflow.workflow.isBlank())) {
            errors.add(new FieldError(at + ".subworkflow.workflow", "names the Workflow to run"));
        }
        if (kind == StepKind.sleep) {
            duration(step.sleep.duration, at + ".sleep.duration", errors);
        }
        if (kind == StepKind.container) {
            ContainerStep c = step.container;
            String defaultImage = spec.defaults == null ? null : spec.defaults.image;
            if (c.image == null && step.image == null && defaultImage == null) {
                errors.add(new FieldError(at + ".container.image", "no image: set it here, on the step, or in spec.defaults.image"));
            }
            image(c.image, at + ".container.image", errors);
        }
        if ((kind == StepKind.bash && step.bash.script == null) || (kind == StepKind.python && step.python.script == null)) {
            errors.add(new FieldError(at + "." + kind + ".script", "a script is required"));
        }
    }

    private void settings(StepSettings s, String at, List<FieldError> errors) {
        image(s.image, at + ".image", errors);
        duration(s.timeout, at + ".timeout", errors);
        if (s.retry != null && s.retry.backoff != null) {
            duration(s.retry.backoff.base, at + ".retry.backoff.base", errors);
            duration(s.retry.backoff.max, at + ".retry.backoff.max", errors);
        }
    }

    /** A loop: identifier variables with lists, a bounded window, and a sound body with the variables in scope. */
    private void foreach(Step step, WorkflowSpec spec, String at, Set<String> scope, List<FieldError> errors) {
        var loop = step.foreach;
        Set<String> inner = new java.util.HashSet<>(scope);
        inner.add("iteration");
        if (loop.params == null || loop.params.isEmpty()) {
            errors.add(new FieldError(at + ".params", "a foreach needs at least one loop variable"));
        } else {
            loop.params.forEach((name, value) -> {
                String field = at + ".params." + name;
                if (!loopName(name, field, errors) && !(value instanceof List<?>) && !(value instanceof String)) {
                    errors.add(new FieldError(field, "must be a list, or a \"${expression}\" giving a list"));
                }
                inner.add(name);
            });
        }
        if (loop.steps == null || loop.steps.isEmpty()) {
            errors.add(new FieldError(at + ".steps", "a foreach needs a body of at least one step"));
            return;
        }
        checkSteps(spec, loop.steps, at + ".steps", Set.copyOf(inner), errors);
    }

    /** A while loop: identifier params, a condition over them, and a sound body with them in scope. */
    private void whileLoop(Step step, WorkflowSpec spec, String at, Set<String> scope, List<FieldError> errors) {
        var loop = step.whileLoop;
        Set<String> inner = new java.util.HashSet<>(scope);
        inner.add("iteration");
        if (loop.params != null) {
            loop.params.keySet().forEach(name -> {
                loopName(name, at + ".params." + name, errors);
                inner.add(name);
            });
        }
        try {
            expressions.check(loop.condition, inner);
        } catch (ExpressionException e) {
            errors.add(new FieldError(at + ".condition", e.getMessage()));
        }
        if (loop.steps == null || loop.steps.isEmpty()) {
            errors.add(new FieldError(at + ".steps", "a while needs a body of at least one step"));
            return;
        }
        checkSteps(spec, loop.steps, at + ".steps", Set.copyOf(inner), errors);
    }

    /** Loop variables become top-level names in expressions: they must be identifiers that hide nothing. */
    private static boolean loopName(String name, String field, List<FieldError> errors) {
        if (!name.matches("^[A-Za-z_][A-Za-z0-9_]*$") || SCOPE.contains(name) || name.equals("iteration")) {
            errors.add(new FieldError(field, "a loop variable needs an identifier name other than params, steps, instance and iteration"));
            return true;
        }
        return false;
    }

    private void expressions(WorkflowSpec spec, List<Step> steps, String prefix, Set<String> scope, List<FieldError> errors) {
        Graph graph = Graph.of(steps);
        Set<String> declared = spec.params == null ? Set.of() : spec.params.keySet();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String at = prefix + "[" + i + "]";
            Set<String> upstream = graph.ancestors(step.name);
            List<Step.Dependency> deps = step.dependencies();
            for (int j = 0; j < deps.size(); j++) {
                if (deps.get(j).when() != null) {
                    String field = at + ".dependsOn[" + j + "].when";
                    try {
                        expressions.check(deps.get(j).when(), scope);
                        references(deps.get(j).when(), field, upstream, declared, errors);
                    } catch (ExpressionException e) {
                        errors.add(new FieldError(field, e.getMessage()));
                    }
                }
            }
            for (Map.Entry<String, String> t : StepTemplates.of(step).entrySet()) {
                String field = at + "." + t.getKey();
                for (String problem : expressions.checkTemplate(t.getValue(), scope)) {
                    errors.add(new FieldError(field, problem));
                }
                references(t.getValue(), field, upstream, declared, errors);
            }
        }
    }

    /** A step may read only steps upstream of it, and only declared params: anything else never has a value. */
    private static void references(String text, String field, Set<String> upstream, Set<String> declared, List<FieldError> errors) {
        Matcher m = STEP_REF.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
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

    private static void duration(String text, String field, List<FieldError> errors) {
        if (text != null) {
            try {
                Durations.parse(text);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, e.getMessage()));
            }
        }
    }

    private static void image(String image, String field, List<FieldError> errors) {
        if (image != null && (image.length() > 255 || !IMAGE.matcher(image).matches())) {
            errors.add(new FieldError(field, "\"" + image + "\" is not a valid image reference"));
        }
    }
}
