package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowSpec;
import dev.baton.engine.Json;
import dev.baton.engine.WeighedCache;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.engine.model.Definition;
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
 * editing a Workflow never changes a run that has started. Each revision is compiled once and its
 * {@link Definition} kept, so no reconcile reads or checks a spec again.
 */
@ApplicationScoped
public class WorkflowRevisions {
    public static final String WORKFLOW_LABEL = "baton.dev/workflow";
    private static final int CACHED = 1024;
    /** Compiled definitions kept, by the size of the specs they came from: 1,024 specs of 1 MB would be a gigabyte. */
    static final long CACHED_BYTES = 64L << 20;

    private final KubernetesClient client;
    private final WorkflowCompiler compiler;
    private final WeighedCache<Definition> definitions = new WeighedCache<>(CACHED, CACHED_BYTES);
    /** Revisions known to exist, so a burst of instances of one workflow creates its revision once. */
    private final WeighedCache<Boolean> stored = new WeighedCache<>(CACHED * 16, Long.MAX_VALUE);

    public WorkflowRevisions(KubernetesClient client, WorkflowCompiler compiler) {
        this.client = client;
        this.compiler = compiler;
    }

    /** The name of the revision holding the workflow's current spec. */
    public static String nameOf(Workflow workflow) {
        try {
            byte[] json = Json.canonical(workflow.getSpec());
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 10);
            String base = workflow.getMetadata().getName();
            return (base.length() > 52 ? base.substring(0, 52) : base) + "-" + hash;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Compiles a workflow's current spec, once per revision: a valid one is kept under its revision name
     * for the instances that pin it (a burst of instances of one workflow compiles it once). {@code revision}
     * is {@link #nameOf} the workflow, which the caller computed (hashing the spec is not free).
     */
    public WorkflowCompiler.Compilation compile(Workflow workflow, String revision) {
        String key = key(workflow.getMetadata().getNamespace(), revision);
        Definition cached = definitions.get(key);
        if (cached != null) {
            return new WorkflowCompiler.Compilation(cached, java.util.List.of());
        }
        Map<String, Object> tree = tree(workflow.getSpec());
        WorkflowCompiler.Compilation c = compiler.compile(tree);
        if (c.valid()) {
            definitions.put(key, c.definition(), Json.write(tree).length());
        }
        return c;
    }

    /** Creates the workflow's current spec's revision, named {@code name}, unless it is known to exist. */
    public void store(Workflow workflow, String name) {
        String ns = workflow.getMetadata().getNamespace();
        if (stored.get(key(ns, name)) != null) {
            return;
        }
        ControllerRevision revision = new ControllerRevisionBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                        .addToLabels(WORKFLOW_LABEL, workflow.getMetadata().getName())
                        .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(workflow.getApiVersion())
                                .withKind(workflow.getKind()).withName(workflow.getMetadata().getName())
                                .withUid(workflow.getMetadata().getUid()).build())
                        .build())
                .withRevision(workflow.getMetadata().getGeneration() == null ? 1 : workflow.getMetadata().getGeneration())
                .withData(tree(workflow.getSpec()))
                .build();
        try {
            client.apps().controllerRevisions().inNamespace(ns).resource(revision).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        stored.put(key(ns, name), true, 1);
    }

    /**
     * The compiled definition a revision holds, or null when the revision does not exist or no longer
     * compiles (written by an older Baton whose rules were laxer).
     */
    public Definition load(String namespace, String name) {
        String key = key(namespace, name);
        Definition cached = definitions.get(key);
        if (cached != null) {
            return cached;
        }
        ControllerRevision revision = client.apps().controllerRevisions().inNamespace(namespace).withName(name).get();
        if (revision == null) {
            return null;
        }
        stored.put(key, true, 1);
        Map<String, Object> tree = Json.tree(revision.getData());
        WorkflowCompiler.Compilation c = compiler.compile(tree);
        if (c.valid()) {
            definitions.put(key, c.definition(), Json.write(tree).length());
        }
        return c.definition();
    }

    /** Forgets a revision that was deleted, so storing its spec again creates it again. */
    void forget(String namespace, String name) {
        definitions.remove(key(namespace, name));
        stored.remove(key(namespace, name));
    }

    private static Map<String, Object> tree(WorkflowSpec spec) {
        return Json.tree(spec);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
