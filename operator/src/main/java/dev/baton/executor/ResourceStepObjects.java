package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import dev.baton.engine.ObservedObject;
import dev.baton.engine.Plan;
import dev.baton.engine.model.Step;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of resource steps: created from a step's evaluated manifest under the name, namespace, labels and
 * owner reference every attempt's object gets ({@link StepPodFactory#metadata}), read back for the engine, and
 * deleted with a uid precondition.
 */
public final class ResourceStepObjects {
    /** Label of an object whose step said deleteOnFinish: what the deletes after an attempt's end read. */
    public static final String DELETE_ON_FINISH = "baton.dev/delete-on-finish";
    private final KubernetesClient client;
    private final ManagedKinds kinds;

    public ResourceStepObjects(KubernetesClient client, ManagedKinds kinds) {
        this.client = client;
        this.kinds = kinds;
    }

    /** Creates the object of one attempt; a 409 (it exists: a retried or crashed launch) is the caller's success. */
    public void create(WorkflowInstance instance, Step step, Plan.Launch launch) {
        ManagedKinds.Kind kind = kinds.of(step.resource().apiVersion(), step.resource().kind());
        if (kind == null) {
            // Checked when the workflow was read; the operator's settings changed since.
            throw new KubernetesClientException(step.resource().kind() + " (" + step.resource().apiVersion()
                    + ") is not a kind this operator may manage any more (resourceKinds: " + kinds + ")", 403, null);
        }
        Map<String, Object> manifest = new LinkedHashMap<>(launch.manifest());
        manifest.put("metadata", metadata(instance, step, launch.attempt(), manifest.get("metadata")));
        GenericKubernetesResource object = Json.convert(manifest, GenericKubernetesResource.class);
        client.genericKubernetesResources(context(kind)).inNamespace(instance.getMetadata().getNamespace())
                .resource(object).create();
    }

    /** The user's labels and annotations, and Baton's name, namespace, labels and owner (which win). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(WorkflowInstance instance, Step step, int attempt, Object written) {
        Map<String, Object> out = new LinkedHashMap<>(written instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        Map<String, Object> baton = Json.convert(StepPodFactory.metadata(instance, step.name(), attempt), Map.class);
        Map<String, Object> labels = new LinkedHashMap<>(out.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of());
        labels.putAll((Map<String, Object>) baton.get("labels"));
        if (step.resource().deleteOnFinish()) {
            labels.put(DELETE_ON_FINISH, "true");
        }
        out.putAll(baton);
        out.put("labels", labels);
        return out;
    }

    /** The object of this kind and name in the instance's namespace, read from the API server, or null. */
    public GenericKubernetesResource get(WorkflowInstance instance, String apiVersion, String kind, String name) {
        ManagedKinds.Kind managed = kinds.of(apiVersion, kind);
        return managed == null ? null : client.genericKubernetesResources(context(managed))
                .inNamespace(instance.getMetadata().getNamespace()).withName(name).get();
    }

    /** Deletes the instance's object of this kind with this name and uid; another that took the name is left. */
    public void delete(WorkflowInstance instance, GenericKubernetesResource object) {
        ManagedKinds.Kind kind = kinds.of(object.getApiVersion(), object.getKind());
        if (kind != null) {
            Deletes.delete(client, kind.path(instance.getMetadata().getNamespace(), object.getMetadata().getName()),
                    object.getMetadata().getUid(), "Background", null);
        }
    }

    /**
     * The objects the instance controls, by step and attempt number, as the engine reads them. One with another
     * controller (forged labels) is not the instance's, as for Jobs and Pods ({@link Ownership}).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<Integer, ObservedObject>> observe(WorkflowInstance instance,
                                                                    Collection<GenericKubernetesResource> objects, Instant now) {
        Map<String, Map<Integer, ObservedObject>> out = new HashMap<>();
        for (GenericKubernetesResource o : own(instance, objects)) {
            Map<String, String> labels = o.getMetadata().getLabels();
            Integer attempt = attempt(labels);
            if (attempt == null) {
                continue;
            }
            String created = o.getMetadata().getCreationTimestamp();
            out.computeIfAbsent(labels.get(Labels.STEP), k -> new HashMap<>()).put(attempt, new ObservedObject(
                    Json.convert(o, Map.class), created == null ? now : Instant.parse(created),
                    o.getMetadata().getDeletionTimestamp() != null, now));
        }
        return out;
    }

    /** The objects among {@code objects} that the instance controls and that name their step and attempt. */
    public static List<GenericKubernetesResource> own(WorkflowInstance instance, Collection<GenericKubernetesResource> objects) {
        return objects.stream().filter(o -> Ownership.controlledBy(o, instance.getMetadata().getUid()))
                .filter(o -> o.getMetadata().getLabels() != null && o.getMetadata().getLabels().get(Labels.STEP) != null
                        && attempt(o.getMetadata().getLabels()) != null)
                .toList();
    }

    public static Integer attempt(Map<String, String> labels) {
        try {
            return Integer.valueOf(labels.get(Labels.ATTEMPT));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ResourceDefinitionContext context(ManagedKinds.Kind kind) {
        return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
                .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build();
    }
}
