package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.WeighedCache;
import dev.baton.executor.Deletes;
import dev.baton.executor.Ownership;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes a Workflow's ControllerRevisions that no instance pins: every edit of a spec stores a revision,
 * and without pruning a workflow edited daily for a year keeps 365 copies of its spec in etcd. A revision
 * stays while it is the workflow's current one, while any cached instance pins it (a top-level run's
 * {@code status.revision}, an iteration's {@code spec.body.revision}), and for a grace period after it was
 * made, which covers an instance created a moment ago that the cache has not shown yet. Deletes carry the
 * revision's uid, and only revisions the Workflow controls are touched.
 */
@ApplicationScoped
public class RevisionPruner {
    /** How young a revision is kept whatever pins it. */
    static final Duration GRACE = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final InstanceIndex index;
    private final WorkflowRevisions revisions;
    /**
     * When each workflow (by uid and current revision) was last pruned, and whether revisions were kept: a
     * Workflow with a trigger reconciles at every fire, and a LIST of its revisions and a scan of every cached
     * instance each time would be work for nothing; a pass within {@link #GRACE} of the last one, for the
     * same revision, repeats its answer.
     */
    private final WeighedCache<Pass> passes = new WeighedCache<>(10_000, Long.MAX_VALUE);

    private record Pass(Instant at, boolean kept) {
    }

    public RevisionPruner(KubernetesClient client, InstanceIndex index, WorkflowRevisions revisions) {
        this.client = client;
        this.index = index;
        this.revisions = revisions;
    }

    /**
     * Prunes the workflow's unpinned revisions other than {@code current}; returns true when some are kept
     * that may be pruned later (pinned, or within their grace period), so the caller looks again.
     */
    public boolean prune(Workflow workflow, String current, Instant now) {
        if (!index.ready()) {
            return true;
        }
        String key = workflow.getMetadata().getUid() + "/" + current;
        Pass last = passes.get(key);
        if (last != null && last.at().plus(GRACE).isAfter(now)) {
            return last.kept();
        }
        String ns = workflow.getMetadata().getNamespace();
        List<ControllerRevision> stored = client.apps().controllerRevisions().inNamespace(ns)
                .withLabel(WorkflowRevisions.WORKFLOW_LABEL, workflow.getMetadata().getName()).list().getItems();
        Set<String> pinned = pinned(ns);
        boolean kept = false;
        for (ControllerRevision r : stored) {
            String name = r.getMetadata().getName();
            if (name.equals(current) || !Ownership.controlledBy(r, workflow.getMetadata().getUid())) {
                continue;
            }
            Instant created = r.getMetadata().getCreationTimestamp() == null ? now
                    : Instant.parse(r.getMetadata().getCreationTimestamp());
            if (pinned.contains(name) || created.plus(GRACE).isAfter(now)) {
                kept = true;
                continue;
            }
            Deletes.delete(client, "/apis/apps/v1/namespaces/" + ns + "/controllerrevisions/" + name,
                    r.getMetadata().getUid(), null, null);
            revisions.forget(ns, name);
        }
        passes.put(key, new Pass(now, kept), 1);
        return kept;
    }

    private Set<String> pinned(String namespace) {
        Set<String> out = new HashSet<>();
        index.all().filter(i -> namespace.equals(i.getMetadata().getNamespace())).forEach(i -> {
            if (i.getStatus() != null && i.getStatus().revision != null) {
                out.add(i.getStatus().revision);
            }
            if (i.getSpec() != null && i.getSpec().body != null && i.getSpec().body.revision != null) {
                out.add(i.getSpec().body.revision);
            }
        });
        return out;
    }
}
