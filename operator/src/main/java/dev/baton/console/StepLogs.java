package dev.baton.console;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import dev.baton.executor.StepPodFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * A step attempt's log, read from its pod through the API server's log endpoint (the kubelet serves it), as
 * one read or followed while the attempt runs. When the pod is gone (podGC, ttl, a deleted Job) the answer
 * says so and how the attempt ended, from status, instead of an empty page.
 */
public final class StepLogs {
    /** The tail a read without follow returns: a huge log must not fill the browser. */
    static final int TAIL_LINES = 5_000;
    private final Semaphore streams;

    public StepLogs(int maxStreams) {
        this.streams = new Semaphore(maxStreams);
    }

    /** The attempt, or a refusal that explains why there is none. */
    static AttemptStatus attempt(StepStatus step, Integer attempt) {
        List<AttemptStatus> attempts = step.attempts == null ? List.of() : step.attempts;
        if (attempts.isEmpty()) {
            throw ConsoleRefusal.notFound("step " + step.name + " has no attempt yet (" + (step.phase == null ? "Pending" : step.phase)
                    + "): nothing has run, so there are no logs");
        }
        AttemptStatus a = attempt == null ? attempts.get(attempts.size() - 1)
                : attempts.stream().filter(x -> attempt.equals(x.number)).findFirst()
                .orElseThrow(() -> ConsoleRefusal.notFound("step " + step.name + " has no attempt " + attempt + " in this run"));
        return a;
    }

    /**
     * The attempt's pod: named in status for the Pod executor; for a Job, its newest pod by the labels every
     * attempt's pod carries (as kubectl baton logs finds it). Null when there is none (any more).
     */
    static String pod(KubernetesClient client, WorkflowInstance instance, StepStatus step, AttemptStatus a) {
        if (a.pod != null) {
            return a.pod;
        }
        return client.pods().inNamespace(instance.getMetadata().getNamespace())
                .withLabel(Labels.INSTANCE, instance.getMetadata().getName()).withLabel(Labels.STEP, step.name)
                .withLabel(Labels.ATTEMPT, String.valueOf(a.number)).list().getItems().stream()
                .max(java.util.Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .map(p -> p.getMetadata().getName()).orElse(null);
    }

    /** Writes the log (the last lines, or followed until the pod ends or the browser leaves); the end says why it ended. */
    public void write(KubernetesClient client, WorkflowInstance instance, StepStatus step, Integer attempt, boolean follow,
                      OutputStream out, CompletableFuture<Void> browserGone) throws java.io.IOException {
        AttemptStatus chosen = attempt(step, attempt);
        String pod;
        try {
            pod = pod(client, instance, step, chosen);
        } catch (KubernetesClientException e) {
            note(out, "cannot find the pod of attempt " + chosen.number + ": " + message(e));
            return;
        }
        if (pod == null) {
            note(out, "the pod of attempt " + chosen.number + " of step " + step.name + " is gone (deleted by podGC, the ttl or"
                    + " with its Job): its log went with it. " + ended(chosen));
            return;
        }
        var logs = client.pods().inNamespace(instance.getMetadata().getNamespace()).withName(pod).inContainer(StepPodFactory.CONTAINER);
        try {
            if (!follow) {
                out.write(logs.tailingLines(TAIL_LINES).getLog().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            if (!streams.tryAcquire()) {
                note(out, "too many logs are followed at once on this operator; showing the log without follow");
                out.write(logs.tailingLines(TAIL_LINES).getLog().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            try (LogWatch watch = logs.watchLog(out)) {
                CompletableFuture.anyOf(watch.onClose().toCompletableFuture(), browserGone).join();
            } finally {
                streams.release();
            }
        } catch (KubernetesClientException | java.util.concurrent.CompletionException e) {
            KubernetesClientException k = e instanceof KubernetesClientException x ? x
                    : e.getCause() instanceof KubernetesClientException x ? x : null;
            if (k != null && k.getCode() == 404) {
                note(out, "the pod " + pod + " is gone (deleted by podGC, the ttl or with its Job): its log went with it. "
                        + ended(lastOr(step, attempt)));
            } else if (k != null && k.getCode() == 403) {
                note(out, "not allowed to read the log of pod " + pod + ": " + message(k));
            } else {
                note(out, "no log from pod " + pod + ": " + (k == null ? e.getMessage() : message(k)));
            }
        }
    }

    private static String message(KubernetesClientException k) {
        return k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : k.getMessage();
    }

    private static void note(OutputStream out, String line) throws java.io.IOException {
        out.write(("\n[baton console] " + line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static AttemptStatus lastOr(StepStatus step, Integer attempt) {
        return step.attempts.stream().filter(a -> attempt == null || attempt.equals(a.number)).reduce((a, b) -> b).orElse(null);
    }

    private static String ended(AttemptStatus a) {
        if (a == null || a.outcome == null) {
            return "";
        }
        return "The attempt ended " + a.outcome + (a.exitCode == null ? "" : " with exit code " + a.exitCode)
                + (a.reason == null ? "" : " (" + a.reason + ")") + ".";
    }
}
