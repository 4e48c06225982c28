package dev.baton.reconciler;

import dev.baton.api.Signal;
import dev.baton.api.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Signals of the watched namespaces, from one informer indexed by namespace and signal name, so a
 * workflow's reconcile reads only the signals its triggers listen for (10,000 signals of other names cost
 * it nothing). A new Signal wakes exactly the Workflows of its namespace that listen for its name.
 */
@ApplicationScoped
public class SignalIndex {
    /** Index of the Workflow controller's cache: the Workflows by the signal names their triggers listen for. */
    private static final String LISTENS = "baton.dev/listens-for";
    /** Set once, when the Workflow controller prepares its event sources. */
    private volatile SignalInformer<Workflow> signals;

    InformerEventSource<Signal, Workflow> eventSource(EventSourceContext<Workflow> context) {
        var workflows = context.getPrimaryCache();
        workflows.addIndexers(Map.of(LISTENS, SignalIndex::listened));
        SignalInformer<Workflow> informer = new SignalInformer<>(context, Workflow.class,
                s -> workflows.byIndex(LISTENS, SignalInformer.key(s.getMetadata().getNamespace(), SignalInformer.name(s)))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()));
        this.signals = informer;
        return informer.eventSource();
    }

    /** The Signals of a namespace with this spec.name, as the informer holds them. */
    public List<Signal> named(String namespace, String name) {
        var s = signals;
        return s == null ? List.of() : s.named(namespace, name);
    }

    /** The "namespace/signal name" keys of the signals a Workflow's triggers listen for. */
    private static List<String> listened(Workflow w) {
        if (w.getSpec() == null || w.getSpec().triggers == null || w.getSpec().triggers.signals == null) {
            return List.of();
        }
        return w.getSpec().triggers.signals.stream()
                .filter(t -> t != null && t.signals != null)
                .flatMap(t -> t.signals.stream())
                .filter(x -> x != null && x.name != null)
                .map(x -> SignalInformer.key(w.getMetadata().getNamespace(), x.name))
                .distinct().toList();
    }
}
