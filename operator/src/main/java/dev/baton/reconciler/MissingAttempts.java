package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Attempt;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Jobs and Pods of running attempts that the operator's cache has lost sight of, read from the API
 * server itself. The engine ends an attempt whose object stays missing past {@link Attempt#VANISH_GRACE}
 * as deleted by someone and starts the next; but a cache is only as fresh as its watch, and a watch that
 * broke (a stalled connection, an API server restart) can leave it behind by longer than that. Planning
 * from it would start a second attempt beside a first that still runs. So before the engine may call an
 * attempt deleted, one GET asks: what it finds joins the observation, and only what the API server does
 * not have is missing. A GET that fails fails the reconcile, which decides nothing and is retried.
 * Ordinary runs never get here: an attempt's object reaches the cache within a second of its create.
 */
final class MissingAttempts {
    private MissingAttempts() {
    }

    /** The Jobs and Pods found by GET, added to the cache's. */
    record Found(List<Job> jobs, List<Pod> pods) {
        static final Found NONE = new Found(List.of(), List.of());
    }

    static Found confirm(KubernetesClient client, WorkflowInstance instance, Collection<Job> jobs, Collection<Pod> pods,
                        Instant now) {
        var status = instance.getStatus();
        if (status == null || status.steps == null) {
            return Found.NONE;
        }
        Set<String> cached = new HashSet<>();
        jobs.forEach(j -> cached.add(j.getMetadata().getName()));
        pods.forEach(p -> cached.add(p.getMetadata().getName()));
        String ns = instance.getMetadata().getNamespace();
        List<Job> foundJobs = new ArrayList<>();
        List<Pod> foundPods = new ArrayList<>();
        for (StepStatus step : status.steps) {
            for (AttemptStatus a : step.attempts == null ? List.<AttemptStatus>of() : step.attempts) {
                if (!overdue(a, now)) {
                    continue;
                }
                // Status names each attempt's object: a Job, or a Pod for the Pod executor.
                if (a.job != null && !cached.contains(a.job)) {
                    Job job = client.batch().v1().jobs().inNamespace(ns).withName(a.job).get();
                    if (job != null) {
                        foundJobs.add(job);
                    }
                } else if (a.job == null && a.pod != null && !cached.contains(a.pod)) {
                    Pod pod = client.pods().inNamespace(ns).withName(a.pod).get();
                    if (pod != null) {
                        foundPods.add(pod);
                    }
                }
            }
        }
        return foundJobs.isEmpty() && foundPods.isEmpty() ? Found.NONE : new Found(foundJobs, foundPods);
    }

    /** A running attempt old enough that the engine would end it were its object missing. */
    static boolean overdue(AttemptStatus a, Instant now) {
        if (a.outcome == null || a.outcome.ended() || a.number == null || a.startTime == null) {
            return false;
        }
        return !now.isBefore(StatusCodec.time(a.startTime).plus(Attempt.VANISH_GRACE));
    }
}
