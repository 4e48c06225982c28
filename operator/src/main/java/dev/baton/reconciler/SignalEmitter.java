package dev.baton.reconciler;

import dev.baton.api.Signal;
import dev.baton.api.SignalSpec;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.model.EventReason;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Creates the Signals that steps emit (emitSignals), before the status that records the steps' success
 * is written. Names are deterministic, so a create that finds its Signal (a pass whose write was lost,
 * a crash) is the same signal, not a second one. No owner reference: a signal outlives the run that sent
 * it, until its ttl, like one sent from outside.
 */
@ApplicationScoped
public class SignalEmitter {
    /** Labels an emitted Signal with the instance and step that sent it. */
    static final String EMITTED_BY = "baton.dev/emitted-by";

    private final KubernetesClient client;
    private final EventRecorder events;

    public SignalEmitter(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /**
     * Creates each signal. A create whose outcome is unknown fails the reconcile (retried: it creates or
     * finds the signal); a refusal (RBAC, a quota, an admission webhook) is a Warning Event on the instance
     * and the step's success stands, as retrying would be refused again.
     */
    void emit(WorkflowInstance instance, Plan plan) {
        for (Plan.Emit e : plan.emits()) {
            String name = ChildNames.emitted(instance.getMetadata().getName(), e.step(), e.generation(), e.index());
            Signal signal = new Signal();
            signal.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(instance.getMetadata().getNamespace())
                    .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGER, EMITTED_BY, instance.getMetadata().getName(),
                            Labels.STEP, e.step()))
                    .build());
            SignalSpec spec = new SignalSpec();
            spec.name = e.name();
            spec.params = e.params().isEmpty() ? null : e.params();
            signal.setSpec(spec);
            try {
                client.resource(signal).create();
                events.record(instance, EventReason.SignalEmitted, "step " + e.step() + " emitted signal " + e.name() + " (" + name + ")");
            } catch (KubernetesClientException x) {
                if (Refusal.outcomeUnknown(x)) {
                    throw x;
                }
                if (x.getCode() != 409) {
                    events.record(instance, EventReason.SignalRefused, "step " + e.step() + " could not emit signal " + e.name()
                            + ": " + Refusal.of(x).message());
                }
            }
        }
    }
}
