package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.client.TokenBucket;
import dev.baton.engine.model.EventReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Writes Kubernetes Events on an instance, so `kubectl describe` tells its story.
 *
 * <p>Events are best effort, as client-go's recorder makes them: they are queued and written by one
 * background thread at a bounded rate, so they never delay a step, and when a burst of thousands of
 * steps overflows the queue the surplus is dropped (and counted) rather than crowding out the writes
 * that run workflows. Loop iterations record only warnings: their starts and successes are the parent
 * step's story, and 100,000 iterations must not mean 400,000 Events in etcd.
 */
@ApplicationScoped
public class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final int QUEUE = 2_000;
    private final KubernetesClient client;
    private final Clock clock;
    private final Settings settings;
    private final Counter dropped;
    private final AtomicLong sequence = new AtomicLong();
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    private Thread writer;

    /** How fast Events are written (BATON_EVENTS_PER_SECOND, BATON_EVENTS_BURST). */
    @ConfigMapping(prefix = "baton.events")
    public interface Settings {
        @WithDefault("50")
        double perSecond();

        @WithDefault("200")
        int burst();
    }

    public EventRecorder(KubernetesClient client, Clock clock, Settings settings, MeterRegistry registry) {
        this.client = client;
        this.clock = clock;
        this.settings = settings;
        this.dropped = Counter.builder("baton.events.dropped")
                .description("Events not written because the event queue was full (a burst beyond BATON_EVENTS_PER_SECOND)")
                .register(registry);
        Gauge.builder("baton.events.queued", queue, BlockingQueue::size)
                .description("Events waiting to be written").register(registry);
    }

    @PostConstruct
    void start() {
        TokenBucket rate = new TokenBucket(settings.perSecond(), settings.burst(), System::nanoTime);
        writer = new Thread(() -> drain(rate), "baton-events");
        writer.setDaemon(true);
        writer.start();
    }

    @PreDestroy
    void stop() {
        writer.interrupt();
    }

    public void record(HasMetadata object, EventReason reason, String message) {
        if (!reason.warning() && object instanceof WorkflowInstance instance && IterationInstances.iteration(instance)) {
            return; // a loop iteration: only its warnings
        }
        if (!queue.offer(event(object, reason, message))) {
            dropped.increment();
        }
    }

    private Event event(HasMetadata instance, EventReason reason, String message) {
        String now = clock.instant().toString();
        var meta = instance.getMetadata();
        return new EventBuilder()
                .withNewMetadata()
                .withName(meta.getName() + "." + Long.toHexString(System.nanoTime()) + sequence.incrementAndGet())
                .withNamespace(meta.getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(instance.getApiVersion())
                        .withKind(instance.getKind()).withName(meta.getName()).withNamespace(meta.getNamespace())
                        .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).build())
                .withType(reason.warning() ? "Warning" : "Normal")
                .withReason(reason.name())
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("baton").endSource()
                .build();
    }

    private void drain(TokenBucket rate) {
        while (!Thread.currentThread().isInterrupted()) {
            Event event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            long wait = rate.take();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
            } catch (KubernetesClientException e) {
                LOG.debugf("event %s on %s not written: %s", event.getReason(), event.getInvolvedObject().getName(), e.getMessage());
            }
        }
    }
}
