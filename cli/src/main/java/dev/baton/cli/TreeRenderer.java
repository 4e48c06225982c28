package dev.baton.cli;

import dev.baton.api.AttemptStatus;
import dev.baton.api.ForeachStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws a run as a tree: the instance, each step with its phase and time, each attempt (Job or Pod, exit
 * code, reason), loops with their rollup counts and their live iterations, subworkflow runs, nested as deep
 * as they go. Pure: it reads an {@link InstanceTree} and the time, and returns text.
 */
public final class TreeRenderer {
    /** Deeper than the operator nests subworkflows (20) plus loops (10): a guard against a forged label loop. */
    private static final int MAX_DEPTH = 40;
    private final Style style;
    private final Instant now;

    public TreeRenderer(Style style, Instant now) {
        this.style = style;
        this.now = now;
    }

    public String render(InstanceTree tree) {
        List<String> lines = new ArrayList<>();
        WorkflowInstance root = tree.root();
        lines.add(headline(root));
        WorkflowInstanceStatus s = root.getStatus();
        if (s != null && s.message != null && !s.message.isBlank()) {
            lines.add("  " + style.faint(Printable.of(s.message)));
        }
        steps(tree, root, "", lines, new HashSet<>(Set.of(root.getMetadata().getName())), 0);
        return String.join("\n", lines) + "\n";
    }

    private String headline(WorkflowInstance i) {
        WorkflowInstanceStatus s = i.getStatus();
        List<String> parts = new ArrayList<>();
        parts.add(style.bold(Printable.of(i.getMetadata().getName())));
        parts.add(style.phase(s == null || s.phase == null ? "Pending" : s.phase));
        if (s != null && s.progress != null) {
            parts.add(Printable.of(s.progress));
        }
        if (i.getSpec() != null && i.getSpec().workflowRef != null) {
            parts.add("workflow " + Printable.of(i.getSpec().workflowRef.name));
        }
        if (s != null && s.run != null && s.run > 1) {
            parts.add("run " + s.run);
        }
        if (s != null) {
            parts.add(Ages.between(s.startTime, s.completionTime, now));
        }
        return join(parts);
    }

    private void steps(InstanceTree tree, WorkflowInstance instance, String indent, List<String> lines, Set<String> seen, int depth) {
        WorkflowInstanceStatus s = instance.getStatus();
        List<StepStatus> steps = s == null || s.steps == null ? List.of() : s.steps;
        for (int k = 0; k < steps.size(); k++) {
            boolean last = k == steps.size() - 1;
            StepStatus step = steps.get(k);
            lines.add(indent + (last ? "└─ " : "├─ ") + stepLine(step));
            String inner = indent + (last ? "   " : "│  ");
            List<String> below = new ArrayList<>();
            if (step.message != null && !step.message.isBlank()) {
                below.add(style.faint(Printable.of(step.message)));
            }
            below.addAll(attempts(step));
            // Each instance is drawn once: labels are written by users too, and a forged one could make a loop.
            List<WorkflowInstance> children = depth >= MAX_DEPTH ? List.of()
                    : tree.children(instance.getMetadata().getName(), step.name).stream()
                    .filter(c -> seen.add(c.getMetadata().getName())).toList();
            for (int a = 0; a < below.size(); a++) {
                boolean end = a == below.size() - 1 && children.isEmpty();
                lines.add(inner + (end ? "└─ " : "├─ ") + below.get(a));
            }
            for (int c = 0; c < children.size(); c++) {
                WorkflowInstance child = children.get(c);
                boolean end = c == children.size() - 1;
                long index = InstanceTree.iteration(child);
                lines.add(inner + (end ? "└─ " : "├─ ") + (step.foreach != null || step.whileLoop != null ? "[" + index + "] " : "")
                        + headline(child));
                steps(tree, child, inner + (end ? "   " : "│  "), lines, seen, depth + 1);
            }
        }
    }

    private String stepLine(StepStatus step) {
        List<String> parts = new ArrayList<>();
        parts.add(Printable.of(step.name));
        parts.add(style.phase(step.phase == null ? "Pending" : step.phase));
        parts.add(Ages.between(step.startTime, step.completionTime, now));
        if (step.foreach != null) {
            parts.add(foreach(step.foreach));
        }
        if (step.whileLoop != null && step.whileLoop.iteration != null) {
            parts.add("while: iteration " + step.whileLoop.iteration + params(step.whileLoop.params));
        }
        if (step.leaves != null && !step.leaves.isEmpty()) {
            parts.add("leaves " + counts(step.leaves));
        }
        if (step.nextAttemptAfter != null) {
            parts.add("next attempt after " + step.nextAttemptAfter);
        }
        return join(parts);
    }

    /** A foreach's rollup: how many of its iterations ended how, and how many run. */
    static String foreach(ForeachStatus f) {
        StringBuilder b = new StringBuilder("foreach ");
        long done = n(f.succeeded) + n(f.failed) + n(f.skipped) + n(f.stopped);
        b.append(done).append('/').append(f.total == null ? "?" : f.total);
        List<String> parts = new ArrayList<>();
        add(parts, "succeeded", f.succeeded);
        add(parts, "failed", f.failed);
        add(parts, "skipped", f.skipped);
        add(parts, "stopped", f.stopped);
        add(parts, "running", f.running);
        return parts.isEmpty() ? b.toString() : b.append(" (").append(String.join(", ", parts)).append(')').toString();
    }

    private List<String> attempts(StepStatus step) {
        List<String> out = new ArrayList<>();
        if (step.earlierAttempts != null && step.earlierAttempts.outcomes != null && !step.earlierAttempts.outcomes.isEmpty()) {
            out.add(style.faint("earlier attempts: " + counts(step.earlierAttempts.outcomes)));
        }
        for (AttemptStatus a : step.attempts == null ? List.<AttemptStatus>of() : step.attempts) {
            List<String> parts = new ArrayList<>();
            parts.add("#" + a.number);
            parts.add(style.phase(a.outcome == null ? "Running" : a.outcome));
            if (a.exitCode != null) {
                parts.add("exit " + a.exitCode);
            }
            if (a.reason != null) {
                parts.add(Printable.of(a.reason));
            }
            parts.add(a.job != null ? "job/" + Printable.of(a.job) : a.pod != null ? "pod/" + Printable.of(a.pod)
                    : a.resource != null ? Printable.of(a.resource) : "");
            parts.add(Ages.between(a.startTime, a.completionTime, now));
            if (a.message != null && !a.message.isBlank() && !a.message.equals(a.reason)) {
                parts.add(style.faint(Printable.of(a.message)));
            }
            out.add(join(parts));
        }
        return out;
    }

    private static String params(Map<String, Object> params) {
        return params == null || params.isEmpty() ? "" : " " + Printable.of(new TreeMap<>(params));
    }

    private static String counts(Map<String, ? extends Number> counts) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(counts).forEach((k, v) -> parts.add(Printable.of(k) + "=" + v));
        return String.join(" ", parts);
    }

    private static void add(List<String> parts, String what, Long n) {
        if (n != null && n > 0) {
            parts.add(n + " " + what);
        }
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static String join(List<String> parts) {
        return String.join("  ", parts.stream().filter(p -> p != null && !p.isEmpty()).toList());
    }
}
