package dev.baton.reconciler;

import dev.baton.api.Nesting;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/**
 * How JOSDK copies a Workflow or an instance before handing it to a reconcile: through JSON, like its
 * default, except for a spec nested past {@link Nesting#MAX_DEPTH} levels. Writing such an object
 * recurses once per level and, thousands of levels deep, overflows the reconcile thread's stack before
 * the reconciler could refuse it; so it is handed over as the cache holds it. Safe because the
 * reconcilers never change the object they are given (they write fresh patches), and such a one is only
 * read to be refused.
 */
@Singleton
public class PrimaryCloner implements ConfigurationServiceCustomizer {
    private final KubernetesClient client;

    public PrimaryCloner(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        // The client too: an overridden configuration otherwise builds JOSDK a default client of its own, without
        // the operator's rate limit, request metrics and Jackson setup (MetricsIT saw its status patches go uncounted).
        return o -> o.withKubernetesClient(client).withResourceCloner(new io.javaoperatorsdk.operator.api.config.Cloner() {
            @Override
            public <R extends HasMetadata> R clone(R resource) {
                return copy(resource);
            }
        });
    }

    <R extends HasMetadata> R copy(R resource) {
        return tooDeep(resource) ? resource : client.getKubernetesSerialization().clone(resource);
    }

    static boolean tooDeep(HasMetadata resource) {
        Object spec = resource instanceof Workflow w ? w.getSpec() : resource instanceof WorkflowInstance i ? i.getSpec() : null;
        return spec != null && Nesting.tooDeep(spec, "spec") != null;
    }
}
