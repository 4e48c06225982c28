package dev.baton.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches instances and notes, with the bench's clock (ms), when each is first seen in a terminal phase.
 * Watching costs one stream of events; polling a list of 1,000 instances would cost the API server more
 * than the operator under test.
 */
final class InstanceWatch implements AutoCloseable {
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private final Map<String, Long> endedAtMillis = new ConcurrentHashMap<>();
    private final Map<String, String> phases = new ConcurrentHashMap<>();

    /** Every instance of the namespace, or only the one named {@code name} when it is not null. */
    InstanceWatch(KubernetesClient client, String namespace, String name) {
        var op = BatonResources.instances(client).inNamespace(namespace);
        ResourceEventHandler<GenericKubernetesResource> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                seen(r);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource r) {
                seen(r);
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean unknown) {
            }
        };
        informer = name == null ? op.inform(handler) : op.withField("metadata.name", name).inform(handler);
    }

    private void seen(GenericKubernetesResource r) {
        String phase = BatonResources.phase(r);
        if (BatonResources.TERMINAL.contains(phase)) {
            endedAtMillis.putIfAbsent(r.getMetadata().getName(), System.currentTimeMillis());
            phases.putIfAbsent(r.getMetadata().getName(), phase);
        }
    }

    /** Waits until {@code count} instances have ended; returns when the last one was seen ending (epoch ms). */
    long awaitEnded(int count, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (endedAtMillis.size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(endedAtMillis.size() + " of " + count + " instances ended within " + timeout);
            }
            Thread.sleep(20);
        }
        return endedAtMillis.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** Waits until the named instance has ended. */
    void awaitEndedNamed(String name, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!endedAtMillis.containsKey(name)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + " did not end within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** How many instances whose name starts with {@code prefix} exist now, from the watch's own cache. */
    long present(String prefix) {
        return informer.getStore().list().stream().filter(r -> r.getMetadata().getName().startsWith(prefix)).count();
    }

    /** How many ended instances ended in a phase other than Succeeded. */
    long unsuccessful() {
        return phases.values().stream().filter(p -> !"Succeeded".equals(p)).count();
    }

    @Override
    public void close() {
        informer.close();
    }
}
