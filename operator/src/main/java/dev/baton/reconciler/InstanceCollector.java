package dev.baton.reconciler;

import com.google.common.util.concurrent.RateLimiter;
import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.CleanupReader;
import dev.baton.engine.Json;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Cleanup;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.executor.Deletes;
import dev.baton.executor.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Garbage collection (Argo's ttlStrategy and podGC): deletes an ended top-level instance once its ttl has
 * passed (its iterations, subworkflow runs, Jobs and Pods go with it by ownership), and steps' Jobs and
 * Pods ahead of it as podGC says, always after the status that records what they told is written. Every
 * delete is decided from the resources (the instance's status and what it owns), so a restarted operator
 * resumes where the last stopped, and all go through one rate limit: a backlog (10,000 instances past
 * their ttl after a long downtime) drains at that rate instead of flooding the API server; what waits
 * for its turn comes back a moment later.
 */
@ApplicationScoped
public class InstanceCollector {
    /** When one whose delete waits for the rate limit looks again. */
    static final Duration TURN = Duration.ofSeconds(1);
    private final KubernetesClient client;
    private final RateLimiter rate;

    public InstanceCollector(KubernetesClient client, CollectRate rate) {
        this.client = client;
        this.rate = RateLimiter.create(rate.perSecond());
    }

    /** What the instance's spec and its workflow's definition (null when unknown) say is collected when. */
    static Cleanup cleanup(WorkflowInstance instance, Definition definition) {
        Cleanup workflow = definition == null ? Cleanup.DEFAULT : definition.cleanup();
        var spec = instance.getSpec();
        if (spec == null || (spec.ttl == null && spec.podGC == null)) {
            return workflow;
        }
        Map<String, Object> own = new java.util.HashMap<>();
        if (spec.ttl != null) {
            own.put("ttl", Json.tree(spec.ttl));
        }
        if (spec.podGC != null) {
            own.put("podGC", Json.tree(spec.podGC));
        }
        // An instance's ttl replaces its workflow's (the fields it leaves out take the default).
        Cleanup base = spec.ttl == null ? workflow : new Cleanup(Cleanup.DEFAULT_TTL, Cleanup.DEFAULT_TTL, workflow.podGc());
        return CleanupReader.forInstance(own, base, new ArrayList<FieldError>());
    }

    /** When an ended top-level instance is deleted (status.deleteAfter), or null: kept, or a child. */
    static String deleteAfter(WorkflowInstance instance, Cleanup cleanup, WorkflowInstanceStatus status) {
        if (InstanceTree.isChild(instance) || status.phase == null || !status.phase.terminal()) {
            return null;
        }
        Instant at = cleanup.deleteAt(status.phase, StatusCodec.time(status.completionTime));
        return at == null ? null : StatusCodec.text(at);
    }

    /**
     * For an ended instance: deletes it once past status.deleteAfter, else comes back then. An instance's
     * spec.ttl set after it ended is read here too.
     */
    UpdateControl<WorkflowInstance> collect(WorkflowInstance instance, WorkflowInstanceStatus status, Instant now,
                                            UpdateControl<WorkflowInstance> control) {
        String due = instance.getSpec() != null && instance.getSpec().ttl != null
                ? deleteAfter(instance, cleanup(instance, null), status) : status == null ? null : status.deleteAfter;
        if (due == null || InstanceTree.isChild(instance)) {
            return control;
        }
        Instant at = StatusCodec.time(due);
        if (now.isBefore(at)) {
            return control.rescheduleAfter(Math.max(100, Duration.between(now, at).toMillis() + 50));
        }
        if (!rate.tryAcquire()) {
            return control.rescheduleAfter(TURN.toMillis());
        }
        try {
            Deletes.delete(client, "/apis/" + instance.getApiVersion() + "/namespaces/" + instance.getMetadata().getNamespace()
                    + "/workflowinstances/" + instance.getMetadata().getName(), instance.getMetadata().getUid(), "Background", null);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
        return control;
    }

    /**
     * After a status write: deletes the Jobs and Pods podGC lets go, those of attempts whose end the written
     * status records. Returns true when some wait for the rate limit (the caller comes back for them).
     */
    boolean collectPods(WorkflowInstance instance, Cleanup cleanup, WorkflowInstanceStatus written, Ownership owned) {
        if (written == null || cleanup.podGc() == Cleanup.PodGc.Never || (owned.jobs().isEmpty() && owned.pods().isEmpty())) {
            return false;
        }
        Set<String> jobNames = new HashSet<>();
        owned.jobs().forEach(j -> jobNames.add(j.getMetadata().getName()));
        Set<String> listed = ended(written, cleanup.podGc());
        Set<String> ended = listed != null ? listed : new HashSet<>(jobNames);
        if (listed == null) {
            // A Job's pods go with it: only the Pod executor's pods are deleted on their own.
            owned.pods().stream().filter(p -> p.getMetadata().getOwnerReferences() == null || p.getMetadata().getOwnerReferences()
                    .stream().noneMatch(o -> "Job".equals(o.getKind()))).forEach(p -> ended.add(p.getMetadata().getName()));
        }
        boolean waiting = false;
        List<HasMetadata> objects = new ArrayList<>(owned.jobs());
        // A Job's pods go with it; only the Pod executor's pods (named like their attempt) are deleted alone.
        owned.pods().stream().filter(p -> ended.contains(p.getMetadata().getName())).forEach(objects::add);
        for (HasMetadata o : objects) {
            String name = o.getMetadata().getName();
            if (!ended.contains(name) || o.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (!rate.tryAcquire()) {
                waiting = true;
                continue;
            }
            String ns = instance.getMetadata().getNamespace();
            String path = jobNames.contains(name) ? "/apis/batch/v1/namespaces/" + ns + "/jobs/" + name
                    : "/api/v1/namespaces/" + ns + "/pods/" + name;
            try {
                Deletes.delete(client, path, o.getMetadata().getUid(), "Background", null);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
            }
        }
        return waiting;
    }

    /**
     * The names of the Jobs or Pods of the attempts podGC lets go, by what the status records; null for all
     * of them (an instance-level strategy whose instance has ended as it asks).
     */
    private static Set<String> ended(WorkflowInstanceStatus status, Cleanup.PodGc gc) {
        Set<String> out = new HashSet<>();
        boolean instanceEnded = status.phase != null && status.phase.terminal();
        if (gc == Cleanup.PodGc.OnInstanceCompletion || gc == Cleanup.PodGc.OnInstanceSuccess) {
            boolean due = gc == Cleanup.PodGc.OnInstanceCompletion ? instanceEnded : status.phase == InstancePhase.Succeeded;
            return due ? null : out;
        }
        for (StepStatus s : status.steps == null ? List.<StepStatus>of() : status.steps) {
            for (AttemptStatus a : s.attempts == null ? List.<AttemptStatus>of() : s.attempts) {
                boolean done = a.outcome != null && a.outcome.ended();
                boolean letGo = gc == Cleanup.PodGc.OnPodSuccess ? a.outcome == AttemptOutcome.Succeeded : done;
                if (letGo) {
                    out.add(a.job != null ? a.job : a.pod);
                }
            }
        }
        return out;
    }
}
