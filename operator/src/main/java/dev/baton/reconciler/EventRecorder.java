package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** Writes Kubernetes Events on an instance, so `kubectl describe` tells its story. */
@ApplicationScoped
public class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private final KubernetesClient client;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(WorkflowInstance instance, boolean warning, String reason, String message) {
        String now = clock.instant().toString();
        var meta = instance.getMetadata();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(meta.getName() + "." + Long.toHexString(System.nanoTime()) + sequence.incrementAndGet())
                .withNamespace(meta.getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(instance.getApiVersion())
                        .withKind(instance.getKind()).withName(meta.getName()).withNamespace(meta.getNamespace())
                        .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).build())
                .withType(warning ? "Warning" : "Normal")
                .withReason(reason)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("baton").endSource()
                .build();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            // Events are best effort: losing one must never stop a run.
            LOG.debugf("event %s on %s not written: %s", reason, meta.getName(), e.getMessage());
        }
    }
}
