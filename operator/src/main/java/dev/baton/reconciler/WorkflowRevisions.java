package dev.baton.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable revisions of Workflow specs, stored as ControllerRevisions owned by their Workflow and named
 * after a hash of the spec, so the same spec always maps to the same revision. Instances pin one, so
 * editing a Workflow never changes a run that has started.
 */
@ApplicationScoped
public class WorkflowRevisions {
    public static final String WORKFLOW_LABEL = "baton.dev/workflow";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    private static final int CACHED = 1024;

    private final KubernetesClient client;
    private final Map<String, WorkflowSpec> specs = Collections.synchronizedMap(new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkflowSpec> eldest) {
            return size() > CACHED;
        }
    });

    public WorkflowRevisions(KubernetesClient client) {
        this.client = client;
    }

    /** The name of the revision holding the workflow's current spec. */
    public static String nameOf(Workflow workflow) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.valueToTree(workflow.getSpec()));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 10);
            String base = workflow.getMetadata().getName();
            return (base.length() > 52 ? base.substring(0, 52) : base) + "-" + hash;
        } catch (Exception e) {
            throw new IllegalStateException("cannot hash the spec of workflow " + workflow.getMetadata().getName(), e);
        }
    }

    /** Creates the revision of the workflow's current spec unless it exists; returns its name. */
    public String ensure(Workflow workflow) {
        String name = nameOf(workflow);
        String ns = workflow.getMetadata().getNamespace();
        if (client.apps().controllerRevisions().inNamespace(ns).withName(name).get() != null) {
            return name;
        }
        ControllerRevision revision = new ControllerRevisionBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                        .addToLabels(WORKFLOW_LABEL, workflow.getMetadata().getName())
                        .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(workflow.getApiVersion())
                                .withKind(workflow.getKind()).withName(workflow.getMetadata().getName())
                                .withUid(workflow.getMetadata().getUid()).build())
                        .build())
                .withRevision(workflow.getMetadata().getGeneration() == null ? 1 : workflow.getMetadata().getGeneration())
                .withData(CANONICAL.convertValue(workflow.getSpec(), Map.class))
                .build();
        try {
            client.apps().controllerRevisions().inNamespace(ns).resource(revision).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        specs.put(ns + "/" + name, CANONICAL.convertValue(workflow.getSpec(), WorkflowSpec.class));
        return name;
    }

    /** The spec stored in a revision, or null when the revision does not exist. */
    public WorkflowSpec load(String namespace, String name) {
        String key = namespace + "/" + name;
        WorkflowSpec cached = specs.get(key);
        if (cached != null) {
            return cached;
        }
        ControllerRevision revision = client.apps().controllerRevisions().inNamespace(namespace).withName(name).get();
        if (revision == null) {
            return null;
        }
        WorkflowSpec spec = CANONICAL.convertValue(revision.getData(), WorkflowSpec.class);
        specs.put(key, spec);
        return spec;
    }
}
