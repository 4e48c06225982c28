package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;

/**
 * Where an instance stands among the others, read from its own labels and spec alone: the tree it
 * belongs to (a root with its loop iterations and subworkflow runs, however deep) and the workflow it
 * runs. Pure functions, so the indexes, locks and budgets that group instances agree on the groups.
 */
final class InstanceTree {
    private InstanceTree() {
    }

    /**
     * The name of the top-level instance of an instance's tree (its own name when it is top-level). A
     * top-level instance's labels are the user's: a forged root label joins no other tree.
     */
    static String root(WorkflowInstance i) {
        String root = isChild(i) ? i.getMetadata().getLabels().get(Labels.ROOT) : null;
        return root != null ? root : i.getMetadata().getName();
    }

    /** The tree as a namespaced key ("ns/root"), unique across namespaces. */
    static String treeKey(WorkflowInstance i) {
        return i.getMetadata().getNamespace() + "/" + root(i);
    }

    /**
     * Loop iterations and subworkflow runs belong to their parent and skip run strategies. A child is what
     * Baton created: the parent label and a controller owner reference to that parent, which a user's own
     * instance does not have (a label alone would let anyone skip the queue).
     */
    static boolean isChild(WorkflowInstance i) {
        Map<String, String> labels = i.getMetadata().getLabels();
        String parent = labels == null ? null : labels.get(Labels.PARENT);
        return parent != null && controller(i).map(o -> "WorkflowInstance".equals(o.getKind()) && parent.equals(o.getName()))
                .orElse(false);
    }

    /** True when {@code child} is controlled by {@code parent} itself (by uid, not by name or labels). */
    static boolean ownedBy(WorkflowInstance child, WorkflowInstance parent) {
        String uid = parent.getMetadata().getUid();
        return uid != null && controller(child).map(o -> uid.equals(o.getUid())).orElse(false);
    }

    /** How many subworkflow levels lie above an instance: 0 for a top-level one; a malformed value counts 0. */
    static int subworkflowDepth(WorkflowInstance i) {
        return isChild(i) ? wholeAnnotation(i, Labels.DEPTH, 0) : 0;
    }

    /** A child's copy of its root's instanceStepConcurrency, or null; a malformed value is no limit. */
    static Integer treeLimitAnnotation(WorkflowInstance i) {
        int limit = wholeAnnotation(i, Labels.TREE_LIMIT, -1);
        return limit > 0 ? limit : null;
    }

    private static int wholeAnnotation(WorkflowInstance i, String key, int fallback) {
        Map<String, String> annotations = i.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static java.util.Optional<OwnerReference> controller(WorkflowInstance i) {
        List<OwnerReference> owners = i.getMetadata().getOwnerReferences();
        return owners == null ? java.util.Optional.empty()
                : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
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
