package dev.baton.reconciler;

import dev.baton.api.Signal;
import dev.baton.api.StepSignalStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.ArrivedSignal;
import dev.baton.engine.SignalSource;
import dev.baton.engine.model.StepPhase;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Steps that wait for signals (waitForSignals), from the instance controller's side: the Signals it reads,
 * by namespace and name, and an index of its own cache that lists the instances whose steps wait, by the
 * signal names they still lack (from status), so a new Signal wakes exactly those instances and no other.
 */
@ApplicationScoped
public class WaitingSteps {
    /** Index of the instance controller's cache: instances by the "namespace/signal name" their steps wait for. */
    private static final String WAITING = "baton.dev/waiting-for";
    /** Set once, when the instance controller prepares its event sources. */
    private volatile SignalInformer<WorkflowInstance> signals;

    InformerEventSource<Signal, WorkflowInstance> eventSource(EventSourceContext<WorkflowInstance> context) {
        IndexerResourceCache<WorkflowInstance> instances = context.getPrimaryCache();
        instances.addIndexers(Map.<String, Function<WorkflowInstance, List<String>>>of(WAITING, WaitingSteps::waitingFor));
        SignalInformer<WorkflowInstance> informer = new SignalInformer<>(context, WorkflowInstance.class,
                s -> instances.byIndex(WAITING, SignalInformer.key(s.getMetadata().getNamespace(), SignalInformer.name(s)))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()));
        this.signals = informer;
        return informer.eventSource();
    }

    /** The signals of the instance's namespace, by name, as its steps' waits read them. */
    SignalSource source(String namespace) {
        return name -> {
            var s = signals;
            if (s == null) {
                return List.of();
            }
            List<ArrivedSignal> out = new ArrayList<>();
            for (Signal signal : s.named(namespace, name)) {
                out.add(new ArrivedSignal(signal.getMetadata().getName(), signal.getMetadata().getUid(),
                        Instant.parse(signal.getMetadata().getCreationTimestamp()),
                        signal.getSpec() == null ? null : signal.getSpec().params));
            }
            return out;
        };
    }

    /** The "namespace/name" of each signal a step of the instance waits for and has not matched. */
    static List<String> waitingFor(WorkflowInstance instance) {
        var status = instance.getStatus();
        if (status == null || status.steps == null || status.phase == null || status.phase.terminal()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (StepStatus step : status.steps) {
            if (step.phase != StepPhase.WaitingForSignal || step.signals == null) {
                continue;
            }
            for (StepSignalStatus s : step.signals) {
                if (s != null && s.signal == null && s.name != null) {
                    out.add(SignalInformer.key(instance.getMetadata().getNamespace(), s.name));
                }
            }
        }
        return out;
    }
}
