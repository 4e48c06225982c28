package dev.baton.cli;

import dev.baton.engine.model.ExitHook;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled workflow's DAG as Mermaid ({@code flowchart TD}) or Graphviz DOT: one node per step (name and
 * kind), one edge per dependency (labelled with its {@code when}), a loop's body as a subgraph reached by a
 * dashed edge from the loop step, nested loops inside it. Every name and condition is escaped for the
 * target language, so a workflow's text cannot break or inject into the diagram.
 */
public final class GraphRenderer {
    public enum Format { mermaid, dot }

    private final Format format;
    /** The exit hooks (spec.onExit), drawn with their when: they are top-level steps with no edge to the graph. */
    private final Map<String, ExitHook> hooks;
    private final List<String> lines = new ArrayList<>();
    private int next;

    private GraphRenderer(Format format, Map<String, ExitHook> hooks) {
        this.format = format;
        this.hooks = hooks;
    }

    public static String render(String name, Graph graph, Format format) {
        return render(name, graph, Map.of(), format);
    }

    public static String render(String name, Graph graph, Map<String, ExitHook> hooks, Format format) {
        GraphRenderer r = new GraphRenderer(format, hooks);
        if (format == Format.mermaid) {
            r.lines.add("flowchart TD");
        } else {
            r.lines.add("digraph " + dot(name) + " {");
            r.lines.add("  rankdir=TB;");
            r.lines.add("  node [shape=box, style=rounded];");
        }
        r.graph(graph, "  ");
        if (format == Format.dot) {
            r.lines.add("}");
        }
        return String.join("\n", r.lines) + "\n";
    }

    /** Draws one graph (the top level or a loop body); returns the node ids of its roots. */
    private List<String> graph(Graph graph, String indent) {
        Map<String, String> ids = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (Step step : graph.steps()) {
            String id = "s" + ++next;
            ids.put(step.name(), id);
            ExitHook hook = hooks.get(step.name());
            node(id, step.name() + " · " + kind(step.kind()) + (hook == null ? "" : " · onExit " + hook.when()), indent);
            if (step.dependsOn().isEmpty()) {
                roots.add(id);
            }
        }
        for (Step step : graph.steps()) {
            for (Step.Edge edge : step.dependsOn()) {
                edge(ids.get(edge.step()), ids.get(step.name()), edge.when(), false, indent);
            }
        }
        for (Step step : graph.steps()) {
            if (step.body() != null) {
                body(ids.get(step.name()), step, indent);
            }
        }
        return roots;
    }

    private void body(String loopId, Step loop, String indent) {
        String group = "g" + loopId.substring(1);
        String title = loop.name() + " body" + (loop.kind() == StepKind.whileLoop ? " (while " + loop.whileLoop().condition() + ")" : "");
        if (format == Format.mermaid) {
            lines.add(indent + "subgraph " + group + "[\"" + mermaid(title) + "\"]");
            graph(loop.body(), indent + "  ");
            lines.add(indent + "end");
            lines.add(indent + loopId + " -.-> " + group);
        } else {
            lines.add(indent + "subgraph cluster_" + group + " {");
            lines.add(indent + "  label=" + dot(title) + "; style=dashed;");
            List<String> roots = graph(loop.body(), indent + "  ");
            lines.add(indent + "}");
            roots.forEach(r -> edge(loopId, r, null, true, indent));
        }
    }

    private void node(String id, String label, String indent) {
        lines.add(indent + (format == Format.mermaid ? id + "[\"" + mermaid(label) + "\"]" : id + " [label=" + dot(label) + "];"));
    }

    private void edge(String from, String to, String when, boolean dashed, String indent) {
        if (from == null || to == null) {
            return;
        }
        if (format == Format.mermaid) {
            String arrow = dashed ? " -.->" : " -->";
            lines.add(indent + from + arrow + (when == null ? " " : "|\"" + mermaid(when) + "\"| ") + to);
        } else {
            List<String> attrs = new ArrayList<>();
            if (when != null) {
                attrs.add("label=" + dot(when));
            }
            if (dashed) {
                attrs.add("style=dashed");
            }
            lines.add(indent + from + " -> " + to + (attrs.isEmpty() ? "" : " [" + String.join(", ", attrs) + "]") + ";");
        }
    }

    private static String kind(StepKind kind) {
        return kind == StepKind.whileLoop ? "while" : kind.name();
    }

    /** Mermaid text inside double quotes: its entity codes for the characters that would end or break the label. */
    static String mermaid(String text) {
        StringBuilder out = new StringBuilder();
        Printable.of(text).codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("#quot;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '|' -> out.append("#124;");
                case '#' -> out.append("#35;");
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** A DOT quoted string. */
    static String dot(String text) {
        return "\"" + Printable.of(text).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
