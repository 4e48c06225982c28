package dev.baton.reconciler;

import dev.baton.api.Signal;
import dev.baton.engine.model.Durations;
import dev.baton.executor.Deletes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes each Signal once its {@code ttl} (7 days by default) has passed since it was created, and
 * comes back for it at that time: signals are events, and a namespace that publishes thousands a day
 * must not keep them all. The delete carries the Signal's uid.
 */
@ControllerConfiguration(name = "signal")
public class SignalReconciler implements Reconciler<Signal> {
    /** How long a Signal is kept when it does not say. */
    static final Duration DEFAULT_TTL = Duration.ofDays(7);
    private final KubernetesClient client;
    private final Clock clock;

    public SignalReconciler(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public UpdateControl<Signal> reconcile(Signal signal, Context<Signal> context) {
        Instant expires = expiry(signal);
        Instant now = clock.instant();
        if (!now.isBefore(expires)) {
            Deletes.delete(client, "/apis/" + signal.getApiVersion() + "/namespaces/" + signal.getMetadata().getNamespace()
                    + "/signals/" + signal.getMetadata().getName(), signal.getMetadata().getUid(), null, null);
            return UpdateControl.noUpdate();
        }
        return UpdateControl.<Signal>noUpdate().rescheduleAfter(Duration.between(now, expires).toMillis() + 50);
    }

    /** When the Signal goes: its creation plus its ttl; a ttl that does not parse counts as the default. */
    static Instant expiry(Signal signal) {
        Duration ttl = DEFAULT_TTL;
        if (signal.getSpec() != null && signal.getSpec().ttl != null) {
            try {
                ttl = Durations.parse(signal.getSpec().ttl);
            } catch (IllegalArgumentException e) {
                ttl = DEFAULT_TTL; // the CRD refuses such a ttl; one that slips through is kept the default time
            }
        }
        String created = signal.getMetadata().getCreationTimestamp();
        return (created == null ? Instant.EPOCH : Instant.parse(created)).plus(ttl);
    }
}
