package dev.baton.console;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A window of a loop step's iterations (or a subworkflow step's run), for the graph's in-place expansion:
 * never all 10,000 at once. An iteration whose instance still exists shows its phase and progress; one
 * whose instance was deleted after it ended (finished iterations are folded into counts) shows as ended;
 * one not created yet as not started.
 */
public final class IterationPage {
    static final int MAX_LIMIT = 200;

    private IterationPage() {
    }

    public record Iteration(long index, String instance, String phase, String progress, Map<String, Object> loopParams) {
    }

    public record Page(String step, long total, long offset, List<Iteration> items) {
    }

    /** The iterations [offset, offset + limit) of the loop step, from the members of the instance's tree. */
    public static Page of(WorkflowInstance parent, StepStatus step, List<WorkflowInstance> tree, long offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ConsoleRefusal.badRequest("offset: 0 or more, limit: 1 to " + MAX_LIMIT);
        }
        Map<Long, WorkflowInstance> children = children(parent, step.name, tree);
        long total = total(step, children);
        List<Iteration> items = new ArrayList<>();
        for (long i = offset; i < Math.min(total, offset + limit); i++) {
            WorkflowInstance child = children.get(i);
            if (child != null) {
                var s = child.getStatus();
                items.add(new Iteration(i, child.getMetadata().getName(), InstanceSummary.phase(child),
                        s == null ? null : s.progress, child.getSpec() == null ? null : child.getSpec().loopParams));
            } else {
                items.add(new Iteration(i, null, folded(step, i), null, null));
            }
        }
        return new Page(step.name, total, offset, items);
    }

    /** The step's child instances of its newest generation, by iteration index (a subworkflow run is index 0). */
    static Map<Long, WorkflowInstance> children(WorkflowInstance parent, String step, List<WorkflowInstance> tree) {
        String name = parent.getMetadata().getName();
        Map<Long, WorkflowInstance> out = new HashMap<>();
        Map<Long, Long> generations = new HashMap<>();
        for (WorkflowInstance i : tree) {
            Map<String, String> labels = i.getMetadata().getLabels();
            if (labels == null || !name.equals(labels.get(Labels.PARENT)) || !step.equals(labels.get(Labels.STEP))) {
                continue;
            }
            long index = number(labels.get(Labels.ITERATION));
            long generation = number(labels.get(Labels.GENERATION));
            Long seen = generations.get(index);
            if (seen == null || generation > seen) {
                generations.put(index, generation);
                out.put(index, i);
            }
        }
        return out;
    }

    private static long total(StepStatus step, Map<Long, WorkflowInstance> children) {
        if (step.foreach != null && step.foreach.total != null) {
            return step.foreach.total;
        }
        if (step.whileLoop != null && step.whileLoop.iteration != null) {
            return step.whileLoop.iteration + 1;
        }
        return children.keySet().stream().mapToLong(i -> i + 1).max().orElse(0);
    }

    private static String folded(StepStatus step, long i) {
        var f = step.foreach;
        if (f == null) {
            return "Ended";
        }
        if (f.unfinished != null && f.unfinished.contains(i)) {
            return "Pending";
        }
        return f.nextIndex != null && i < f.nextIndex ? "Ended" : "NotStarted";
    }

    private static long number(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
