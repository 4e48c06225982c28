package dev.baton.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Launch delay of chained steps measured from outside the operator: the bench watches the step pods and
 * Jobs and stamps each event with its own millisecond clock. A step's delay is the time from its
 * dependency's pod being seen Succeeded to its own Job (or, with executor Pod, Pod) being seen created.
 * Both ends go through the same kind of watch from the same API server, so the watch latency mostly
 * cancels; what remains is what the operator adds. Kubernetes timestamps (creationTimestamp,
 * finishedAt) and the operator's status times only have whole seconds, too coarse for a 50 ms target.
 */
final class LaunchDelays implements AutoCloseable {
    private static final String INSTANCE = "baton.dev/instance";
    private static final String STEP = "baton.dev/step";
    private final Map<String, Long> doneAt = new ConcurrentHashMap<>();
    private final Map<String, Long> launchedAt = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    LaunchDelays(KubernetesClient client, String namespace, String executor) {
        informers.add(client.pods().inNamespace(namespace).inform(handler(pod -> {
            if ("Pod".equals(executor)) {
                launchedAt.putIfAbsent(key(pod), System.currentTimeMillis());
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                doneAt.putIfAbsent(key(pod), System.currentTimeMillis());
            }
        })));
        if ("Job".equals(executor)) {
            informers.add(client.batch().v1().jobs().inNamespace(namespace).inform(handler(
                    job -> launchedAt.putIfAbsent(key(job), System.currentTimeMillis()))));
        }
    }

    /** Delays in ms of step s1..s(length−1) of each instance (s0 has no dependency to wait for). */
    List<Long> chainDelays(List<String> instances, int length) {
        List<Long> out = new ArrayList<>();
        for (String instance : instances) {
            for (int k = 1; k < length; k++) {
                Long done = doneAt.get(instance + "/s" + (k - 1));
                Long launched = launchedAt.get(instance + "/s" + k);
                if (done != null && launched != null) {
                    out.add(Math.max(0, launched - done));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    private static String key(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? "" : labels.get(INSTANCE) + "/" + labels.get(STEP);
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                seen.accept(o);
            }

            @Override
            public void onUpdate(T old, T o) {
                seen.accept(o);
            }

            @Override
            public void onDelete(T o, boolean unknown) {
            }
        };
    }
}
