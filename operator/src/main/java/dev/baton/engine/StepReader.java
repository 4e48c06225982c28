package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepKind;
import dev.baton.engine.model.StepPermits;
import dev.baton.engine.model.StepSignals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Reads one step of a graph: the fields every kind has, then its kind's own, defaults applied. */
final class StepReader {
    /** A step's kinds, by the field that names each. */
    private static final Map<String, StepKind> KINDS = kinds();
    private static final Set<String> FIELDS = fields();
    private static final int MAX_EDGES = 100;
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("^[-._a-zA-Z][-._a-zA-Z0-9]*$");
    private static final int MAX_COLLECT = 20;
    static final String ONE_KIND = "a step sets exactly one kind: container, bash, python, sql, notebook, noop, sleep, foreach, while, subworkflow, resource or http";

    private final GraphCompiler graphs;
    private final PodChecks podChecks;
    private final HttpStepReader http;

    StepReader(GraphCompiler graphs, PodChecks podChecks) {
        this.graphs = graphs;
        this.podChecks = podChecks;
        this.http = new HttpStepReader(graphs.expressions());
    }

    /** The step at {@code at}; its errors are added, and what could not be read is left null. */
    Step read(Object raw, String at, GraphCompiler.Context context, List<FieldError> errors) {
        SpecFields s = SpecFields.of(raw, at, errors);
        s.only(FIELDS);
        s.string("description");
        String name = s.string("name");
        List<Step.Edge> edges = edges(s.list("dependsOn", MAX_EDGES));
        Map<String, Object> written = s.anyMap("params");
        boolean breakpoint = Boolean.TRUE.equals(s.bool("breakpoint"));
        OnFailure onFailure = s.oneOf("onFailure", OnFailure.class);
        LeafSettings own = LeafSettings.read(s, podChecks);
        StepSignals signals = StepSignalsReader.read(s);
        List<String> permits = PermitNames.read(s);
        List<String> present = KINDS.keySet().stream().filter(s::has).toList();
        if (present.size() != 1) {
            errors.add(new FieldError(at, ONE_KIND));
            return new Step(name, null, edges, written, breakpoint, onFailure, null, at, signals,
                    new StepPermits(permits, List.of()));
        }
        StepKind kind = KINDS.get(present.get(0));
        // Only a leaf step's params reach a container, so only they may pass a secret param on.
        Map<String, Object> params = kind.createsPod() ? SecretParams.passOn(written, context.secrets()) : written;
        if (kind.createsPod() && params != null) {
            envNames(params.keySet(), s.field("params"), errors); // a leaf step's params are its container's env
        }
        StepAction action = switch (kind) {
            case container, bash, python -> leaf(kind, s, own.over(context.defaults()), own, context);
            case sql -> sql(s, own.over(context.defaults()), own, context);
            case notebook -> notebook(s, own.over(context.defaults()), own, context);
            case noop -> noop(s);
            case sleep -> sleep(s);
            case foreach -> foreach(s.object("foreach"), context);
            case whileLoop -> whileLoop(s.object("while"), context);
            case subworkflow -> subworkflow(s.object("subworkflow"), context);
            case resource -> ResourceStepReader.read(s.object("resource"), own.over(context.defaults()), graphs.expressions(), podChecks);
            case http -> http.read(s.object("http"), context.scope(), own.over(context.defaults()).retryPolicy());
        };
        Object loop = s.raw("foreach");
        List<String> bodyPermits = kind == StepKind.foreach && loop instanceof Map<?, ?>
                ? PermitNames.read(s.object("foreach")) : List.of();
        return new Step(name, kind, edges, params, breakpoint, onFailure, action, at, signals, new StepPermits(permits, bodyPermits));
    }

    /** A malformed entry becomes an edge with a null step, which the graph check reports. */
    private static List<Step.Edge> edges(List<?> raw) {
        List<Step.Edge> edges = new ArrayList<>();
        for (Object entry : raw == null ? List.of() : raw) {
            if (entry instanceof String name) {
                edges.add(new Step.Edge(name, null));
            } else if (entry instanceof Map<?, ?> map && (map.get("when") == null || map.get("when") instanceof String)) {
                Object step = map.get("step");
                edges.add(new Step.Edge(step instanceof String n ? n : null, (String) map.get("when")));
            } else {
                edges.add(new Step.Edge(null, null));
            }
        }
        return edges;
    }

    private StepAction.Leaf leaf(StepKind kind, SpecFields step, LeafSettings settings, LeafSettings own,
                                 GraphCompiler.Context context) {
        SpecFields s = step.object(kind.name());
        Map<String, Object> resources = s.anyMap("resources");
        if (resources != null) {
            s.errors().addAll(podChecks.resources(resources, s.field("resources")));
        }
        if (kind == StepKind.container) {
            s.only(SpecFields.keys("image", "command", "args", "env", "resources"));
            String image = LeafSettings.image(s, "image");
            if (!s.has("image") && settings.image() == null) {
                s.errors().add(new FieldError(s.field("image"), "no image: set it here, on the step, or in spec.defaults.image"));
            }
            return queued(new StepAction.Leaf(settings.executorOrDefault(), image != null ? image : settings.image(),
                    s.strings("command", 1_000), s.strings("args", 1_000), env(s), null, resources,
                    settings.timeout(), settings.retryPolicy(), own.podTemplates(context.defaults()),
                    settings.timeoutIncludesAdmissionOrDefault()), step);
        }
        s.only(SpecFields.keys("script", "env", "resources"));
        String script = s.string("script");
        if (script == null) {
            s.errors().add(new FieldError(s.field("script"), "a script is required"));
        }
        return queued(new StepAction.Leaf(settings.executorOrDefault(), settings.image(), null, null, env(s), script,
                resources, settings.timeout(), settings.retryPolicy(), own.podTemplates(context.defaults()),
                settings.timeoutIncludesAdmissionOrDefault()), step);
    }

    /**
     * A leaf step whose pod carries Kueue's queue label must run as a Job: Baton queues Jobs (created
     * suspended for Kueue to admit); a bare pod with the label would be admitted by nothing but Kueue's
     * pod webhook, or run unqueued.
     */
    private static StepAction.Leaf queued(StepAction.Leaf leaf, SpecFields step) {
        if (leaf.executor() == dev.baton.engine.model.Executor.Pod && leaf.podTemplates().stream()
                .anyMatch(t -> t.labels() != null && t.labels().containsKey(StepAction.Leaf.QUEUE_LABEL))) {
            step.errors().add(new FieldError(step.field("executor"), "a step in a Kueue queue (spec.queue or the pod label "
                    + StepAction.Leaf.QUEUE_LABEL + ") runs as a Job: executor Pod cannot be queued"));
        }
        return leaf;
    }

    /**
     * A sql step runs the operator's runner image unless the step itself names another: a workflow's
     * default image is for its scripts and containers, and would lack the runner's driver.
     */
    private StepAction.Leaf sql(SpecFields step, LeafSettings settings, LeafSettings own, GraphCompiler.Context context) {
        SpecFields s = step.object("sql");
        Map<String, Object> resources = s.anyMap("resources");
        if (resources != null) {
            s.errors().addAll(podChecks.resources(resources, s.field("resources")));
        }
        StepAction.Sql sql = SqlStepReader.read(s);
        return queued(new StepAction.Leaf(settings.executorOrDefault(), own.image(), null, null, null, null, resources,
                settings.timeout(), settings.retryPolicy(), own.podTemplates(context.defaults()), sql, null,
                settings.timeoutIncludesAdmissionOrDefault()), step);
    }

    /**
     * A notebook step runs the operator's notebook image unless the step itself names another: a
     * workflow's default image is for its scripts and containers, and would lack papermill.
     */
    private StepAction.Leaf notebook(SpecFields step, LeafSettings settings, LeafSettings own, GraphCompiler.Context context) {
        SpecFields s = step.object("notebook");
        Map<String, Object> resources = s.anyMap("resources");
        if (resources != null) {
            s.errors().addAll(podChecks.resources(resources, s.field("resources")));
        }
        StepAction.Notebook notebook = NotebookStepReader.read(s);
        return queued(new StepAction.Leaf(settings.executorOrDefault(), own.image(), null, null, env(s), null, resources,
                settings.timeout(), settings.retryPolicy(), own.podTemplates(context.defaults()), null, notebook,
                settings.timeoutIncludesAdmissionOrDefault()), step);
    }

    /** A container's env, its names checked as Kubernetes checks them. */
    private static Map<String, String> env(SpecFields s) {
        Map<String, String> env = s.stringMap("env");
        if (env != null) {
            envNames(env.keySet(), s.field("env"), s.errors());
        }
        return env;
    }

    /** Kubernetes' rule for environment variable names: the API server refuses the pod otherwise. */
    private static void envNames(Set<String> names, String field, List<FieldError> errors) {
        for (String name : names) {
            if (!ENV_NAME.matcher(name).matches()) {
                errors.add(new FieldError(field + "." + name, "\"" + name + "\" is not an environment variable name (letters, digits, "
                        + "'_', '-' and '.', not starting with a digit): the step's container gets it as one"));
            }
        }
    }

    private static StepAction noop(SpecFields step) {
        step.object("noop").only(Set.of());
        return new StepAction.Noop();
    }

    private static StepAction sleep(SpecFields step) {
        SpecFields s = step.object("sleep");
        s.only(SpecFields.keys("duration"));
        if (!s.has("duration")) {
            s.errors().add(new FieldError(s.field("duration"), "a duration is required"));
        }
        return new StepAction.Sleep(s.duration("duration"));
    }

    /** A loop: identifier variables with lists, a bounded window, and a sound body with the variables in scope. */
    private StepAction foreach(SpecFields s, GraphCompiler.Context context) {
        s.only(SpecFields.keys("params", "concurrency", "strictOrdering", "retention", "collect", "steps", PermitNames.FIELD));
        Set<String> inner = new HashSet<>(context.scope());
        inner.add("iteration");
        Map<String, Object> params = s.anyMap("params");
        if (params == null || params.isEmpty()) {
            s.errors().add(new FieldError(s.field("params"), "a foreach needs at least one loop variable"));
            params = Map.of();
        }
        params.forEach((name, value) -> {
            String field = s.field("params") + "." + name;
            if (!loopName(name, field, s.errors()) && !(value instanceof List<?>) && !(value instanceof String)) {
                s.errors().add(new FieldError(field, "must be a list, or a \"${expression}\" giving a list"));
            }
            inner.add(name);
        });
        Integer concurrency = s.integer("concurrency", 1, ForeachPlanner.Settings.MAX_CONCURRENCY);
        Integer retention = s.integer("retention", 0, 100_000);
        boolean strict = Boolean.TRUE.equals(s.bool("strictOrdering"));
        List<String> collect = s.strings("collect", MAX_COLLECT);
        Graph body = body(s, "a foreach needs a body of at least one step", inner, context);
        return new StepAction.Foreach(params, concurrency == null ? ForeachPlanner.Settings.DEFAULT_CONCURRENCY : concurrency,
                strict, retention == null ? ForeachPlanner.Settings.DEFAULT_RETENTION : retention,
                collect == null ? List.of() : collect, body);
    }

    /** A while loop: identifier params, a condition over them, and a sound body with them in scope. */
    private StepAction whileLoop(SpecFields s, GraphCompiler.Context context) {
        s.only(SpecFields.keys("condition", "params", "maxIterations", "steps"));
        Set<String> inner = new HashSet<>(context.scope());
        inner.add("iteration");
        Map<String, Object> params = s.anyMap("params");
        params = params == null ? Map.of() : params;
        params.keySet().forEach(name -> {
            loopName(name, s.field("params") + "." + name, s.errors());
            inner.add(name);
        });
        String condition = s.string("condition");
        if (condition == null) {
            s.errors().add(new FieldError(s.field("condition"), "a condition is required"));
        } else {
            try {
                graphs.expressions().checkCondition(condition, inner);
                SecretParams.refuseIn(condition, s.field("condition"), context.secrets(), s.errors());
            } catch (ExpressionException e) {
                s.errors().add(new FieldError(s.field("condition"), e.getMessage()));
            }
        }
        Long max = s.whole("maxIterations", 1, 1_000_000_000L);
        Graph body = body(s, "a while needs a body of at least one step", inner, context);
        return new StepAction.While(condition, params, max, body);
    }

    private Graph body(SpecFields loop, String empty, Set<String> scope, GraphCompiler.Context context) {
        List<?> steps = loop.list("steps", GraphCompiler.MAX_STEPS);
        if (steps == null || steps.isEmpty()) {
            if (!loop.has("steps") || steps != null) {
                loop.errors().add(new FieldError(loop.field("steps"), empty));
            }
            return null;
        }
        return graphs.compile(steps, loop.field("steps"), context.body(scope), loop.errors());
    }

    private static StepAction subworkflow(SpecFields s, GraphCompiler.Context context) {
        s.only(SpecFields.keys("workflow", "params", "inheritParams", "sync"));
        String workflow = s.string("workflow");
        if (workflow == null || workflow.isBlank()) {
            s.errors().add(new FieldError(s.field("workflow"), "names the Workflow to run"));
        }
        Map<String, Object> params = SecretParams.passOn(s.anyMap("params"), context.secrets());
        Boolean sync = s.bool("sync");
        return new StepAction.Subworkflow(workflow, params == null ? Map.of() : params,
                Boolean.TRUE.equals(s.bool("inheritParams")), sync == null || sync);
    }

    /** Loop variables become top-level names in expressions: they must be identifiers that hide nothing. */
    private static boolean loopName(String name, String field, List<FieldError> errors) {
        if (!name.matches("^[A-Za-z_][A-Za-z0-9_]*$") || GraphCompiler.TOP_SCOPE.contains(name) || name.equals("iteration")) {
            errors.add(new FieldError(field, "a loop variable needs an identifier name other than params, steps, instance and iteration"));
            return true;
        }
        return false;
    }

    private static Map<String, StepKind> kinds() {
        Map<String, StepKind> kinds = new LinkedHashMap<>();
        for (StepKind k : StepKind.values()) {
            kinds.put(k == StepKind.whileLoop ? "while" : k.name(), k);
        }
        return kinds;
    }

    private static Set<String> fields() {
        Set<String> fields = new HashSet<>(SpecFields.keys("name", "description", "dependsOn", "params", "breakpoint", "onFailure",
                PermitNames.FIELD));
        fields.addAll(LeafSettings.FIELDS);
        fields.addAll(StepSignalsReader.FIELDS);
        fields.addAll(kinds().keySet());
        return Set.copyOf(fields);
    }
}
