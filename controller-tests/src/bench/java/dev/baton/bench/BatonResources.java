package dev.baton.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workflows and instances as generic resources: the bench talks to the API as a user would, through
 * YAML, and needs none of the operator's classes.
 */
final class BatonResources {
    static final Set<String> TERMINAL = Set.of("Succeeded", "Failed", "Stopped", "TimedOut");
    private static final ResourceDefinitionContext WORKFLOWS = context("workflows", "Workflow");
    private static final ResourceDefinitionContext INSTANCES = context("workflowinstances", "WorkflowInstance");
    /** Enough concurrent creates to saturate the API server of a 2-core machine. */
    private static final int CREATORS = 16;

    private BatonResources() {
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> instances(KubernetesClient client) {
        return client.genericKubernetesResources(INSTANCES);
    }

    static void createWorkflow(KubernetesClient client, String namespace, String yaml) {
        client.genericKubernetesResources(WORKFLOWS).inNamespace(namespace)
                .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
    }

    /** Creates {@code count} instances named {@code prefix-<i>} of a workflow, concurrently, and returns their names. */
    static List<String> createInstances(KubernetesClient client, String namespace, String workflow, String prefix, int count)
            throws Exception {
        List<String> names = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + i;
                names.add(name);
                done.add(pool.submit(() -> instances(client).inNamespace(namespace).resource(instance(name, workflow)).create()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return names;
    }

    static GenericKubernetesResource instance(String name, String workflow) {
        return Serialization.unmarshal("""
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: %s}
                spec: {workflowRef: {name: %s}}
                """.formatted(name, workflow), GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    static String phase(GenericKubernetesResource instance) {
        Object status = instance.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m && m.get("phase") != null ? String.valueOf(m.get("phase")) : "";
    }

    private static ResourceDefinitionContext context(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("baton.dev").withVersion("v1alpha1")
                .withPlural(plural).withKind(kind).withNamespaced(true).build();
    }
}
