package dev.baton.console;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.ExpressionException;
import dev.baton.engine.Expressions;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph the console draws for one instance: a node per step (kind, phase, loop rollup) and an edge per
 * dependency with its {@code when} condition and whether it was satisfied, which is worked out the way the
 * engine's transition rule does (the source let its downstream run and the condition is true), from the
 * values the instance's status holds.
 */
public final class InstanceGraph {
    /** Edge states: the source has not ended; it ended and the edge let the target run; it did not. */
    public enum EdgeState { pending, satisfied, unsatisfied, unknown }

    public record Node(String name, String kind, String phase, boolean breakpoint, Rollup rollup) {
    }

    /** A foreach, while or subworkflow step's counts, as its status gives them. */
    public record Rollup(Long total, Long created, Long succeeded, Long failed, Long skipped, Long stopped, Long running,
                         List<Long> window, Long iteration, Map<String, Long> leaves) {
    }

    public record Edge(String from, String to, String when, EdgeState state, String detail) {
    }

    public record View(List<Node> nodes, List<Edge> edges) {
    }

    private final Expressions expressions;

    public InstanceGraph(Expressions expressions) {
        this.expressions = expressions;
    }

    public View of(WorkflowInstance instance, Definition definition) {
        Map<String, StepStatus> statuses = new HashMap<>();
        if (instance.getStatus() != null && instance.getStatus().steps != null) {
            instance.getStatus().steps.forEach(s -> statuses.put(s.name, s));
        }
        Map<String, Object> vars = null;
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Step step : definition.steps().steps()) {
            StepStatus st = statuses.get(step.name());
            nodes.add(new Node(step.name(), kindName(step.kind()), st == null || st.phase == null ? "Pending" : st.phase.name(),
                    step.breakpoint(), rollup(step.kind(), st)));
            for (Step.Edge e : step.dependsOn()) {
                StepStatus source = statuses.get(e.step());
                if (source == null || source.phase == null || !source.phase.terminal()) {
                    edges.add(new Edge(e.step(), step.name(), e.when(), EdgeState.pending, null));
                } else if (!source.phase.letsDownstreamRun()) {
                    edges.add(new Edge(e.step(), step.name(), e.when(), EdgeState.unsatisfied, e.step() + " is " + source.phase));
                } else if (e.when() == null) {
                    edges.add(new Edge(e.step(), step.name(), null, EdgeState.satisfied, null));
                } else {
                    vars = vars == null ? variables(instance) : vars;
                    edges.add(condition(e, step.name(), vars));
                }
            }
        }
        return new View(nodes, edges);
    }

    private Edge condition(Step.Edge e, String target, Map<String, Object> vars) {
        try {
            boolean value = expressions.condition(e.when(), vars);
            return new Edge(e.step(), target, e.when(), value ? EdgeState.satisfied : EdgeState.unsatisfied, value ? "true" : "false");
        } catch (ExpressionException ex) {
            return new Edge(e.step(), target, e.when(), EdgeState.unknown, ex.getMessage());
        }
    }

    /** What a condition saw when the engine evaluated it: params, the ended steps' values, the instance, loop variables. */
    static Map<String, Object> variables(WorkflowInstance instance) {
        var status = instance.getStatus();
        Map<String, Object> steps = new HashMap<>();
        for (StepStatus s : status.steps) {
            if (s.phase != null && s.phase.terminal()) {
                Map<String, Object> view = new HashMap<>();
                view.put("phase", s.phase.name());
                view.put("outputs", s.outputs == null ? Map.of() : s.outputs);
                view.put("params", s.params == null ? Map.of() : s.params);
                view.put("signals", Map.of());
                steps.put(s.name, view);
            }
        }
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("name", instance.getMetadata().getName());
        self.put("namespace", instance.getMetadata().getNamespace());
        self.put("startTime", status.startTime == null ? "" : status.startTime);
        Map<String, Object> vars = new HashMap<>();
        if (instance.getSpec() != null && instance.getSpec().loopParams != null) {
            vars.putAll(instance.getSpec().loopParams);
        }
        vars.put("params", status.params == null ? Map.of() : status.params);
        vars.put("steps", steps);
        vars.put("instance", self);
        return vars;
    }

    static String kindName(StepKind kind) {
        return kind == StepKind.whileLoop ? "while" : kind.name();
    }

    private static Rollup rollup(StepKind kind, StepStatus st) {
        if (st == null || kind != StepKind.foreach && kind != StepKind.whileLoop && kind != StepKind.subworkflow) {
            return null;
        }
        if (st.foreach != null) {
            var f = st.foreach;
            return new Rollup(f.total, f.nextIndex, f.succeeded, f.failed, f.skipped, f.stopped, f.running, f.unfinished, null, st.leaves);
        }
        if (st.whileLoop != null) {
            return new Rollup(null, null, null, null, null, null, null, null, st.whileLoop.iteration, st.leaves);
        }
        return new Rollup(null, null, null, null, null, null, null, null, null, st.leaves);
    }
}
