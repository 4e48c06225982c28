package dev.baton.reconciler;

import dev.baton.api.Signal;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One controller's informer of Signals, indexed by namespace and spec.name: a reconcile reads only the
 * signals of the names it listens for, and 10,000 signals of other names cost it nothing. Signals are
 * immutable, so only their creation (and a re-list after a broken watch) wakes anyone: those that
 * {@code listeners} names.
 */
final class SignalInformer<P extends HasMetadata> {
    private static final String BY_NAME = "baton.dev/signal-name";
    private final InformerEventSource<Signal, P> source;

    SignalInformer(EventSourceContext<P> context, Class<P> primary, Function<Signal, Set<ResourceID>> listeners) {
        var config = InformerEventSourceConfiguration.from(Signal.class, primary)
                .withName("signals")
                .withSecondaryToPrimaryMapper(listeners::apply)
                .withOnUpdateFilter((a, b) -> false)
                .build();
        source = new InformerEventSource<>(config, context);
        source.addIndexers(Map.of(BY_NAME, s -> List.of(key(s.getMetadata().getNamespace(), name(s)))));
    }

    InformerEventSource<Signal, P> eventSource() {
        return source;
    }

    /** The Signals of a namespace with this spec.name, as the informer holds them. */
    List<Signal> named(String namespace, String name) {
        return source.byIndex(BY_NAME, key(namespace, name));
    }

    static String name(Signal s) {
        return s.getSpec() == null || s.getSpec().name == null ? "" : s.getSpec().name;
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
