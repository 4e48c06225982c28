package dev.baton.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One run of a {@link Workflow}. */
@Group(Workflow.GROUP)
@Version(Workflow.VERSION)
// Spelled out: CustomResource's constructor otherwise derives the plural with regexes for every object decoded.
@Plural("workflowinstances")
@Singular("workflowinstance")
@ShortNames("bwfi")
@AdditionalPrinterColumn(name = "Workflow", jsonPath = ".spec.workflowRef.name")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration")
public class WorkflowInstance extends CustomResource<WorkflowInstanceSpec, WorkflowInstanceStatus> implements Namespaced {
    @Override
    protected WorkflowInstanceStatus initStatus() {
        return new WorkflowInstanceStatus();
    }
}
