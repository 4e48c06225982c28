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
 * An event published to Baton: creating one is how anything outside (a person, a CronJob, another
 * system with RBAC on signals) tells workflows that something happened. Immutable once created; deleted by
 * the operator when its {@code ttl} has passed.
 */
@Group(Workflow.GROUP)
@Version(Workflow.VERSION)
@Plural("signals")
@Singular("signal")
@ShortNames("bsig")
@AdditionalPrinterColumn(name = "Signal", jsonPath = ".spec.name")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Signal extends CustomResource<SignalSpec, Void> implements Namespaced {
}
