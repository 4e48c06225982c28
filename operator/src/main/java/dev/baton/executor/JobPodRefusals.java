package dev.baton.executor;

import dev.baton.engine.Attempt;
import dev.baton.engine.model.AttemptOutcome;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A step Job whose pod the cluster refuses (a quota used up, Pod Security) would wait forever: the Job
 * controller retries the pod's creation and records why only in {@code FailedCreate} Events on the Job,
 * never in its status. This finds such Jobs, so their attempts end with the cluster's reason.
 */
public final class JobPodRefusals {
    /** How long a Job may be without its pod before its Events are read: pods normally come within a second. */
    public static final Duration GRACE = Duration.ofSeconds(15);
    private final KubernetesClient client;

    public JobPodRefusals(KubernetesClient client) {
        this.client = client;
    }

    /** What one look found: refused Jobs by name with the cluster's message, and when to look again. */
    public record Found(Map<String, String> refused, Instant lookAgainAt) {
        public static final Found NONE = new Found(Map.of(), null);
    }

    /** Reads the Events of the instance's Jobs that have had no pod for {@link #GRACE}. */
    public Found find(String namespace, Collection<Job> jobs, Collection<Pod> pods, Instant now) {
        Set<String> withPod = new HashSet<>();
        pods.forEach(p -> withPod.add(attemptKey(p)));
        Map<String, String> refused = new HashMap<>();
        Instant lookAgain = null;
        for (Job job : jobs) {
            if (withPod.contains(attemptKey(job)) || started(job) || job.getMetadata().getCreationTimestamp() == null) {
                continue;
            }
            Instant due = Instant.parse(job.getMetadata().getCreationTimestamp()).plus(GRACE);
            if (now.isBefore(due)) {
                lookAgain = lookAgain == null || due.isBefore(lookAgain) ? due : lookAgain;
                continue;
            }
            String why = failedCreate(namespace, job.getMetadata().getName());
            if (why != null) {
                refused.put(job.getMetadata().getName(), why);
            } else {
                Instant next = now.plus(GRACE);
                lookAgain = lookAgain == null || next.isBefore(lookAgain) ? next : lookAgain;
            }
        }
        return refused.isEmpty() && lookAgain == null ? Found.NONE : new Found(refused, lookAgain);
    }

    /**
     * The observed attempts with those of refused Jobs ended as the user's errors (a quota or Pod Security
     * is the user's to mend), with the cluster's message.
     */
    public static void end(Map<String, Map<Integer, Attempt>> observed, Collection<Job> jobs, Found found,
                           Instant now) {
        for (Job job : jobs) {
            String why = found.refused().get(job.getMetadata().getName());
            Map<String, String> labels = job.getMetadata().getLabels();
            Map<Integer, Attempt> ofStep = why == null || labels == null ? null : observed.get(labels.get(Labels.STEP));
            if (ofStep == null) {
                continue;
            }
            ofStep.computeIfPresent(Integer.parseInt(labels.getOrDefault(Labels.ATTEMPT, "0")),
                    (n, a) -> a.ended() ? a : a.endedAs(AttemptOutcome.UserError, "FailedCreate", why, now));
        }
    }

    /** A Job that has had a pod, or has ended, is past the point where its pod could be refused. */
    private static boolean started(Job job) {
        var status = job.getStatus();
        return status != null && (positive(status.getActive()) || positive(status.getSucceeded()) || positive(status.getFailed())
                || (status.getConditions() != null && !status.getConditions().isEmpty()));
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }

    /** The newest FailedCreate Event's message of the Job, or null. */
    private String failedCreate(String namespace, String job) {
        return client.v1().events().inNamespace(namespace)
                .withField("involvedObject.kind", "Job").withField("involvedObject.name", job).withField("reason", "FailedCreate")
                .list().getItems().stream()
                .max(Comparator.comparing(JobPodRefusals::lastSeen))
                .map(Event::getMessage).orElse(null);
    }

    private static String lastSeen(Event e) {
        return e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getMetadata().getCreationTimestamp() == null ? "" : e.getMetadata().getCreationTimestamp();
    }

    private static String attemptKey(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
        return labels.get(Labels.STEP) + "/" + labels.get(Labels.ATTEMPT);
    }
}
