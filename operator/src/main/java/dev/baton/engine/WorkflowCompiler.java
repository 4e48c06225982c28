package dev.baton.engine;

import dev.baton.engine.model.Cleanup;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.ParamDecl;
import dev.baton.engine.model.ParamType;
import dev.baton.engine.model.RunStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a workflow spec, as the JSON the user wrote, into the {@link Definition} the engine runs, or into
 * every problem at once, each naming its field ("parse, don't validate"). Called once per revision; the
 * result is immutable and cached by the caller, so no planning pass reads the spec again.
 *
 * <p>It takes plain JSON values rather than the CRD classes because the CRD schema cannot describe loop
 * bodies (a loop may hold a loop), so they arrive unchecked and must be read leniently: a wrong value
 * anywhere is a field error here, never an exception while decoding.
 */
public final class WorkflowCompiler {
    private static final Set<String> SPEC_FIELDS = SpecFields.keys("description", "params", "timeout", "runStrategy",
            "stepConcurrency", "instanceStepConcurrency", "suspend", "defaults", "steps", "triggers", "backfill", "history",
            "stopInstances", "ttl", "podGC", "priority", "priorityClassName", "onExit", PermitNames.FIELD,
            "queue", // queue: Kueue (issue 21)
            "notify");
    private static final Set<String> PARAM_FIELDS = SpecFields.keys("type", "default", "required", "description", "valueFrom");
    private final GraphCompiler graphs;
    private final TriggerCompiler triggers;
    private final ParamResolver params = new ParamResolver();

    public WorkflowCompiler(Expressions expressions, PodChecks podChecks) {
        this.graphs = new GraphCompiler(expressions, podChecks);
        this.triggers = new TriggerCompiler(expressions);
    }

    /** The outcome of a compilation: a definition, or the errors that prevent one. */
    public record Compilation(Definition definition, List<FieldError> errors) {
        public Compilation {
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return definition != null;
        }
    }

    public Compilation compile(Map<String, Object> spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            return new Compilation(null, List.of(new FieldError("spec.steps", "a workflow needs at least one step")));
        }
        SpecFields s = SpecFields.of(spec, "spec", errors);
        s.only(SPEC_FIELDS);
        s.string("description");
        Map<String, ParamDecl> declared = params(s.object("params"), errors);
        Duration timeout = s.duration("timeout");
        Integer priority = s.integer("priority", Integer.MIN_VALUE, Integer.MAX_VALUE);
        RunStrategy strategy = runStrategy(s.object("runStrategy")).withPriority(priority == null ? 0 : priority);
        Integer stepConcurrency = s.integer("stepConcurrency", 1, Integer.MAX_VALUE);
        Integer treeConcurrency = s.integer("instanceStepConcurrency", 1, Integer.MAX_VALUE);
        boolean suspended = Boolean.TRUE.equals(s.bool("suspend"));
        List<String> permits = PermitNames.read(s);
        Cleanup cleanup = CleanupReader.read(s, Cleanup.DEFAULT);
        SpecFields defaults = s.object("defaults");
        LeafSettings inherited = (defaults == null ? LeafSettings.NONE : LeafSettings.read(defaults, graphs.podChecks()))
                .withPriorityClass(priorityClass(s))
                .withQueue(queue(s));
        if (defaults != null) {
            defaults.only(LeafSettings.FIELDS);
        }
        List<?> rawSteps = s.list("steps", GraphCompiler.MAX_STEPS);
        GraphCompiler.Context top = new GraphCompiler.Context(declared.keySet(), SecretParams.names(declared),
                GraphCompiler.TOP_SCOPE, inherited);
        Graph graph = graphs.compile(rawSteps, s.field("steps"), top, errors);
        ExitHookReader.Read withHooks = ExitHookReader.read(graphs, s, rawSteps, graph, top, errors);
        Graph steps = withHooks.steps();
        triggers.read(s, declared.keySet()); // checked here, run by the Workflow's reconciler (TriggerCompiler)
        SecretParams.refuseInTriggers(s, SecretParams.names(declared));
        List<dev.baton.engine.model.Notify> notify = NotifyReader.read(s);
        if (!errors.isEmpty() || steps == null) {
            return new Compilation(null, errors);
        }
        return new Compilation(new Definition(declared, timeout, strategy, stepConcurrency, treeConcurrency, suspended, steps,
                cleanup, withHooks.hooks(), permits, notify), errors);
    }

    private Map<String, ParamDecl> params(SpecFields declared, List<FieldError> errors) {
        Map<String, ParamDecl> out = new LinkedHashMap<>();
        if (declared == null) {
            return out;
        }
        declared.entries().forEach((name, raw) -> {
            SpecFields p = SpecFields.of(raw, declared.field(name), errors);
            p.only(PARAM_FIELDS);
            p.string("description");
            out.put(name, new ParamDecl(p.oneOf("type", ParamType.class), p.raw("default"),
                    Boolean.TRUE.equals(p.bool("required")), p.string("description"), SecretParams.declared(p)));
        });
        errors.addAll(params.checkDeclarations(out));
        return out;
    }

    /** A PriorityClass's name (a DNS subdomain), or null. */
    private static String priorityClass(SpecFields s) {
        String name = s.string("priorityClassName");
        if (name != null && (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"))) {
            s.errors().add(new FieldError(s.field("priorityClassName"), "\"" + name + "\" is not a PriorityClass name"
                    + " (lowercase letters, digits, '-' and '.')"));
            return null;
        }
        return name;
    }

    /** A Kueue LocalQueue's name, which Jobs carry as a label value, or null. */
    private static String queue(SpecFields s) {
        String name = s.string("queue");
        if (name != null && (name.length() > 63 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"))) {
            s.errors().add(new FieldError(s.field("queue"), "\"" + name + "\" is not a LocalQueue name"
                    + " (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)"));
            return null;
        }
        return name;
    }

    private static RunStrategy runStrategy(SpecFields s) {
        if (s == null) {
            return RunStrategy.DEFAULT;
        }
        s.only(SpecFields.keys("type", "concurrency"));
        Integer concurrency = s.integer("concurrency", 1, Integer.MAX_VALUE);
        return new RunStrategy(s.oneOf("type", RunStrategy.Type.class), concurrency == null ? 1 : concurrency);
    }
}
