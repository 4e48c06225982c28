package dev.baton.reconciler;

import dev.baton.executor.PodPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Which namespaces a cluster administrator exempted from the pod policy (label
 * {@code baton.dev/pod-policy=unrestricted}). Read from an informer on Namespaces, started on first use
 * only, so an operator without a pod policy needs no right to read Namespaces; until it has synced, a
 * namespace is read directly.
 */
@ApplicationScoped
public class NamespaceOptIns {
    private final KubernetesClient client;
    private SharedIndexInformer<Namespace> informer;

    public NamespaceOptIns(KubernetesClient client) {
        this.client = client;
    }

    public boolean optedIn(String namespace) {
        SharedIndexInformer<Namespace> cache = informer();
        Namespace ns = cache.hasSynced() ? cache.getStore().getByKey(namespace) : client.namespaces().withName(namespace).get();
        Map<String, String> labels = ns == null ? null : ns.getMetadata().getLabels();
        return labels != null && PodPolicy.OPT_IN_VALUE.equals(labels.get(PodPolicy.OPT_IN_LABEL));
    }

    private synchronized SharedIndexInformer<Namespace> informer() {
        if (informer == null) {
            informer = client.namespaces().runnableInformer(0);
            informer.start();
        }
        return informer;
    }

    @PreDestroy
    synchronized void stop() {
        if (informer != null) {
            informer.stop();
        }
    }
}
