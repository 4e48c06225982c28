package dev.baton.reconciler;

import dev.baton.api.Signal;
import dev.baton.api.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Signals of the watched namespaces, from one informer indexed by namespace and signal name, so a
 * workflow's reconcile reads only the signals its triggers listen for (10,000 signals of other names cost
 * it nothing). A new Signal wakes exactly the Workflows of its namespace that listen for its name.
 */
@ApplicationScoped
public class SignalIndex {
    static final String BY_NAME = "baton.dev/signal-name";

    /** Set once, when the Workflow controller prepares its event sources. */
    private volatile InformerEventSource<Signal, Workflow> signals;

    InformerEventSource<Signal, Workflow> eventSource(EventSourceContext<Workflow> context) {
        var config = InformerEventSourceConfiguration.from(Signal.class, Workflow.class)
                .withName("signals")
                .withSecondaryToPrimaryMapper(s -> listeners(context, s))
                .withOnUpdateFilter((a, b) -> false) // immutable: only new signals matter
                .build();
        InformerEventSource<Signal, Workflow> source = new InformerEventSource<>(config, context);
        source.addIndexers(Map.of(BY_NAME, s -> List.of(key(s.getMetadata().getNamespace(), name(s)))));
        this.signals = source;
        return source;
    }

    /** The Signals of a namespace with this spec.name, as the informer holds them. */
    public List<Signal> named(String namespace, String name) {
        var s = signals;
        return s == null ? List.of() : s.byIndex(BY_NAME, key(namespace, name));
    }

    private static Set<ResourceID> listeners(EventSourceContext<Workflow> context, Signal s) {
        String ns = s.getMetadata().getNamespace();
        String name = name(s);
        return context.getPrimaryCache().list(ns)
                .filter(w -> w.getSpec() != null && w.getSpec().triggers != null && w.getSpec().triggers.signals != null
                        && w.getSpec().triggers.signals.stream().anyMatch(t -> t.signals != null
                        && t.signals.stream().anyMatch(x -> name.equals(x.name))))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static String name(Signal s) {
        return s.getSpec() == null || s.getSpec().name == null ? "" : s.getSpec().name;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
