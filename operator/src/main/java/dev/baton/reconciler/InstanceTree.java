package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import java.util.Map;

/**
 * Where an instance stands among the others, read from its own labels and spec alone: the tree it
 * belongs to (a root with its loop iterations and subworkflow runs, however deep) and the workflow it
 * runs. Pure functions, so the indexes, locks and budgets that group instances agree on the groups.
 */
final class InstanceTree {
    private InstanceTree() {
    }

    /** The name of the top-level instance of an instance's tree (its own name when it is top-level). */
    static String root(WorkflowInstance i) {
        Map<String, String> labels = i.getMetadata().getLabels();
        String root = labels == null ? null : labels.get(Labels.ROOT);
        return root != null ? root : i.getMetadata().getName();
    }

    /** The tree as a namespaced key ("ns/root"), unique across namespaces. */
    static String treeKey(WorkflowInstance i) {
        return i.getMetadata().getNamespace() + "/" + root(i);
    }

    /** Loop iterations and subworkflow runs belong to their parent and skip run strategies. */
    static boolean isChild(WorkflowInstance i) {
        Map<String, String> labels = i.getMetadata().getLabels();
        return labels != null && labels.containsKey(Labels.PARENT);
    }

    /** The name of the workflow an instance runs ("" when its spec names none). */
    static String workflow(WorkflowInstance i) {
        return i.getSpec() == null || i.getSpec().workflowRef == null || i.getSpec().workflowRef.name == null
                ? "" : i.getSpec().workflowRef.name;
    }

    /** The workflow as a namespaced key ("ns/workflow"), the unit of run strategies and stepConcurrency. */
    static String workflowKey(WorkflowInstance i) {
        return i.getMetadata().getNamespace() + "/" + workflow(i);
    }
}
