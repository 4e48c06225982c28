package dev.baton.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;

/**
 * A shared concurrency limit (Maestro's tag permits, Argo's semaphores): its name is the permit name that
 * workflows, steps and foreach bodies list in {@code permits}; at most {@code spec.limit} holders run at
 * once in its namespace. Each held permit is a Permit object (see the reconciler's PermitLedger); status counts them.
 */
@Group(Workflow.GROUP)
@Version(Workflow.VERSION)
@Plural("concurrencylimits")
@Singular("concurrencylimit")
@ShortNames("bcl")
@AdditionalPrinterColumn(name = "Limit", jsonPath = ".spec.limit", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Held", jsonPath = ".status.held", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Waiting", jsonPath = ".status.waiting", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ConcurrencyLimit extends CustomResource<ConcurrencyLimitSpec, ConcurrencyLimitStatus> implements Namespaced {
}
