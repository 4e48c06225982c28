package dev.baton.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One permit of a ConcurrencyLimit, asked for or held by one holder (a step's run, or a whole run of a
 * WorkflowInstance), owned by that instance. Written by the operator only (see the reconciler's
 * PermitLedger): a holder runs once {@code spec.grantedAt} is set; deleting the object releases the permit.
 * A kind of Baton's own rather than a Lease, so the operator needs no right on other controllers' Leases.
 */
@Group(Workflow.GROUP)
@Version(Workflow.VERSION)
@Plural("permits")
@Singular("permit")
@ShortNames("bpermit")
@AdditionalPrinterColumn(name = "Limit", jsonPath = ".spec.limit")
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".spec.instance")
@AdditionalPrinterColumn(name = "Holder", jsonPath = ".spec.holder")
@AdditionalPrinterColumn(name = "Granted", jsonPath = ".spec.grantedAt", type = AdditionalPrinterColumn.Type.DATE)
public class Permit extends CustomResource<PermitSpec, Void> implements Namespaced {
}
