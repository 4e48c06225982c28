package dev.baton.executor;

import dev.baton.engine.Attempt;
import dev.baton.engine.Json;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.StepAction;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads how each attempt is doing from the Jobs and Pods that exist for an instance, and classifies
 * failures: a non-zero exit (OOMKilled included) is the user's error; eviction, preemption, node loss
 * and a Job that failed without a finished pod are the platform's. A running pod whose image cannot be
 * pulled is read as stuck ({@link ImagePullFailure}); the engine ends it after a grace period.
 */
public final class AttemptReader {
    /** Larger outputs are cut by the kubelet, so an output this long is refused rather than misread. */
    static final int MAX_OUTPUT_BYTES = 4096;
    private static final Set<String> PLATFORM_POD_REASONS = Set.of("Evicted", "Preempting", "NodeLost", "Shutdown",
            "Terminated", "NodeShutdown", "UnexpectedAdmissionError", "OutOfcpu", "OutOfmemory");

    private AttemptReader() {
    }

    /**
     * Attempts by step and number. A pod's view wins over its Job's, as it carries the exit code.
     * {@code now} stands in for times the objects do not carry yet (an end not recorded).
     */
    public static Map<String, Map<Integer, Attempt>> read(Collection<Job> jobs, Collection<Pod> pods, Instant now) {
        Map<String, Map<Integer, Attempt>> out = new HashMap<>();
        for (Job job : jobs) {
            put(out, job, fromJob(job, now));
        }
        for (Pod pod : pods) {
            Attempt a = fromPod(pod, now);
            Attempt fromJob = get(out, pod);
            if (fromJob != null && fromJob.outcome() == AttemptOutcome.Admitting && a.outcome() != AttemptOutcome.Succeeded) {
                // Kueue suspended the Job again (an eviction): its pod is being killed for that, and how it
                // ends (a SIGTERM exit code) is not the step's doing.
                continue;
            }
            // A Job's pod that is still running while its Job already failed tells less than the Job.
            if (fromJob == null || a.ended() || !fromJob.ended()) {
                put(out, pod, fromJob == null || fromJob.admitted() == null ? a : a.admittedAt(fromJob.admitted()));
            }
        }
        return out;
    }

    static Attempt fromJob(Job job, Instant now) {
        int number = number(job);
        Instant start = time(job.getMetadata().getCreationTimestamp(), now);
        if (job.getStatus() != null && job.getStatus().getConditions() != null) {
            for (JobCondition c : job.getStatus().getConditions()) {
                if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
                    return new Attempt(number, AttemptOutcome.PlatformError, start, time(c.getLastTransitionTime(), now),
                            null, c.getReason(), c.getMessage(), null);
                }
            }
        }
        if (job.getMetadata().getLabels().containsKey(StepAction.Leaf.QUEUE_LABEL)) {
            return queued(job, number, start, now);
        }
        return Attempt.launched(number, start);
    }

    /**
     * A Job in a Kueue queue: suspended until Kueue admits it, and suspended again when Kueue evicts it
     * (the engine tells the two apart by the admission status remembers). Admitted when the Job controller
     * saw it resumed (its startTime, which Kueue clears on eviction), else now.
     */
    private static Attempt queued(Job job, int number, Instant start, Instant now) {
        if (job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return Attempt.admitting(number, start);
        }
        String resumed = job.getStatus() == null ? null : job.getStatus().getStartTime();
        return Attempt.launched(number, start).admittedAt(time(resumed, now));
    }

    static Attempt fromPod(Pod pod, Instant now) {
        int number = number(pod);
        Instant start = time(pod.getMetadata().getCreationTimestamp(), now);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String podReason = pod.getStatus() == null ? null : pod.getStatus().getReason();
        ContainerStateTerminated t = terminated(pod);
        Instant end = t != null && t.getFinishedAt() != null ? time(t.getFinishedAt(), now) : now;
        if ("Failed".equals(phase) && ((podReason != null && PLATFORM_POD_REASONS.contains(podReason)) || disrupted(pod))) {
            String why = podReason != null ? podReason : "DisruptionTarget";
            return new Attempt(number, AttemptOutcome.PlatformError, start, end, t == null ? null : t.getExitCode(),
                    why, pod.getStatus().getMessage(), null);
        }
        if ("Succeeded".equals(phase)) {
            return succeeded(number, start, end, t == null ? null : t.getMessage());
        }
        if ("Failed".equals(phase)) {
            Integer code = t == null ? null : t.getExitCode();
            if (t == null) {
                return new Attempt(number, AttemptOutcome.PlatformError, start, end, null, podReason, pod.getStatus().getMessage(), null);
            }
            return new Attempt(number, AttemptOutcome.UserError, start, end, code, t.getReason(), t.getMessage(), null);
        }
        Attempt.Stuck stuck = ImagePullFailure.of(pod, now);
        return stuck == null ? Attempt.launched(number, start)
                : new Attempt(number, AttemptOutcome.Running, start, null, null, null, null, null, stuck, null);
    }

    private static Attempt succeeded(int number, Instant start, Instant end, String message) {
        if (message == null || message.isBlank()) {
            return new Attempt(number, AttemptOutcome.Succeeded, start, end, 0, "Completed", null, Map.of());
        }
        if (message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MAX_OUTPUT_BYTES) {
            return new Attempt(number, AttemptOutcome.UserError, start, end, 0, "InvalidOutput",
                    "the output written to $BATON_OUTPUT is larger than 4 KiB", null);
        }
        try {
            return new Attempt(number, AttemptOutcome.Succeeded, start, end, 0, "Completed", null, Json.readObject(message));
        } catch (IllegalArgumentException e) {
            return new Attempt(number, AttemptOutcome.UserError, start, end, 0, "InvalidOutput",
                    "$BATON_OUTPUT must hold a JSON object: " + e.getMessage(), null);
        }
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (StepPodFactory.CONTAINER.equals(cs.getName()) && cs.getState() != null) {
                return cs.getState().getTerminated();
            }
        }
        return null;
    }

    private static boolean disrupted(Pod pod) {
        if (pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private static int number(HasMetadata o) {
        return Integer.parseInt(o.getMetadata().getLabels().getOrDefault(Labels.ATTEMPT, "0"));
    }

    private static Instant time(String t, Instant now) {
        return t == null ? now : Instant.parse(t);
    }

    private static Attempt get(Map<String, Map<Integer, Attempt>> out, HasMetadata o) {
        Map<Integer, Attempt> byNumber = out.get(o.getMetadata().getLabels().get(Labels.STEP));
        return byNumber == null ? null : byNumber.get(number(o));
    }

    private static void put(Map<String, Map<Integer, Attempt>> out, HasMetadata o, Attempt a) {
        String step = o.getMetadata().getLabels().get(Labels.STEP);
        if (step != null && a.number() > 0) {
            out.computeIfAbsent(step, k -> new HashMap<>()).put(a.number(), a);
        }
    }
}
