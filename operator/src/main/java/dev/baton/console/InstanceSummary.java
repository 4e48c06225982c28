package dev.baton.console;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.reconciler.CachedResources;
import java.util.Map;

/** One row of the instance list. */
public record InstanceSummary(String namespace, String name, String workflow, String phase, String progress, String created,
                              String startTime, String completionTime, String duration, String initiator, boolean suspended,
                              Integer run, Map<String, String> labels, String parent) {

    static InstanceSummary of(WorkflowInstance i) {
        WorkflowInstanceStatus s = i.getStatus();
        var meta = i.getMetadata();
        boolean suspended = i.getSpec() != null && Boolean.TRUE.equals(i.getSpec().suspend);
        String initiator = s == null || s.initiator == null || s.initiator.type == null ? null : s.initiator.type.name();
        String parent = meta.getLabels() == null ? null : meta.getLabels().get(dev.baton.executor.Labels.PARENT);
        return new InstanceSummary(meta.getNamespace(), meta.getName(), CachedResources.workflowOf(i),
                phase(i), s == null ? null : s.progress, meta.getCreationTimestamp(),
                s == null ? null : s.startTime, s == null ? null : s.completionTime, s == null ? null : s.duration, initiator, suspended,
                s == null ? null : s.run, meta.getLabels() == null ? Map.of() : meta.getLabels(), parent);
    }

    /** The instance's phase as the console shows and filters it: Pending until the operator has written one. */
    static String phase(WorkflowInstance i) {
        return i.getStatus() == null || i.getStatus().phase == null ? "Pending" : i.getStatus().phase.name();
    }
}
