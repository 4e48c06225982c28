package dev.baton.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A workflow definition: a graph of steps that {@link WorkflowInstance}s run. */
@Group(Workflow.GROUP)
@Version(Workflow.VERSION)
// Spelled out: CustomResource's constructor otherwise derives the plural with regexes for every object decoded.
@Plural("workflows")
@Singular("workflow")
@ShortNames("bwf")
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".status.revision")
@AdditionalPrinterColumn(name = "Suspended", jsonPath = ".spec.suspend", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Next Run", jsonPath = ".status.nextRun")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Workflow extends CustomResource<WorkflowSpec, WorkflowStatus> implements Namespaced {
    public static final String GROUP = "baton.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected WorkflowStatus initStatus() {
        return new WorkflowStatus();
    }
}
