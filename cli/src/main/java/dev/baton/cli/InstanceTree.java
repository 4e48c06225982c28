package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run and the instances below it (loop iterations, subworkflow runs, nested ones too), as read from the
 * cluster: the root and its descendants, found by their {@code baton.dev/root} label and hung under
 * their parent's step by {@code baton.dev/parent} and {@code baton.dev/step}.
 */
public final class InstanceTree {
    private final WorkflowInstance root;
    private final Map<String, List<WorkflowInstance>> byParentStep = new HashMap<>();

    public InstanceTree(WorkflowInstance root, Collection<WorkflowInstance> descendants) {
        this.root = root;
        for (WorkflowInstance child : descendants) {
            Map<String, String> labels = child.getMetadata().getLabels();
            if (labels == null || labels.get(Labels.PARENT) == null || labels.get(Labels.STEP) == null) {
                continue;
            }
            byParentStep.computeIfAbsent(key(labels.get(Labels.PARENT), labels.get(Labels.STEP)), k -> new ArrayList<>()).add(child);
        }
        byParentStep.values().forEach(list -> list.sort(Comparator.comparingLong(InstanceTree::iteration)));
    }

    public WorkflowInstance root() {
        return root;
    }

    /** The child instances of {@code parent}'s step {@code step}, by iteration index. */
    public List<WorkflowInstance> children(String parent, String step) {
        return byParentStep.getOrDefault(key(parent, step), List.of());
    }

    /** The iteration index a child instance carries, or -1 without one. */
    public static long iteration(WorkflowInstance child) {
        Map<String, String> labels = child.getMetadata().getLabels();
        String value = labels == null ? null : labels.get(Labels.ITERATION);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String key(String parent, String step) {
        return parent + "\u0000" + step;
    }
}
