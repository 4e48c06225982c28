package dev.baton.executor;

import dev.baton.engine.Attempt;
import dev.baton.engine.model.AttemptOutcome;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A pod whose image the kubelet cannot pull waits forever (the kubelet retries with a back-off up to
 * 5 minutes), so its attempt would only end at the step's timeout. This reads the waiting reason of each
 * container and tells whether retrying can help: an image that does not exist, a name that does not
 * parse, a pull the registry refuses (credentials are the user's) or a signature that does not verify are
 * the user's errors; anything else (a registry that cannot be reached, a timeout, a 5xx) is the platform's.
 */
final class ImagePullFailure {
    /** The kubelet's waiting reasons of a container whose image cannot be had (pkg/kubelet/images). */
    private static final Set<String> REASONS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable", "SignatureValidationFailed", "ImageInspectError");
    /** Reasons that say by themselves that retrying cannot help. */
    private static final Set<String> USER_REASONS = Set.of("InvalidImageName", "ErrImageNeverPull", "SignatureValidationFailed");
    /**
     * What containerd and registries say when the image is not there or the pull is refused (gRPC code
     * NotFound, the distribution spec's MANIFEST_UNKNOWN and NAME_UNKNOWN, Docker Hub's "pull access
     * denied", 401 and 403).
     */
    private static final List<String> USER_MESSAGES = List.of("code = notfound", ": not found", "manifest unknown",
            "name unknown", "repository does not exist", "pull access denied", "unauthorized", "forbidden",
            "invalid reference format");

    private ImagePullFailure() {
    }

    /** Why the pod's containers cannot start, or null when none waits on an image. */
    static Attempt.Stuck of(Pod pod, Instant now) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        for (ContainerStatus cs : statuses) {
            ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting != null && REASONS.contains(waiting.getReason())) {
                String reason = waiting.getReason();
                String detail = waiting.getMessage() == null ? "" : ": " + waiting.getMessage();
                String message = "image " + cs.getImage() + " of container " + cs.getName() + " cannot be pulled" + detail;
                String start = pod.getStatus().getStartTime() != null ? pod.getStatus().getStartTime()
                        : pod.getMetadata().getCreationTimestamp();
                return new Attempt.Stuck(classify(reason, waiting.getMessage()), reason, message,
                        start == null ? now : Instant.parse(start));
            }
        }
        return null;
    }

    /** UserError when retrying the pull cannot help, PlatformError otherwise. */
    static AttemptOutcome classify(String reason, String message) {
        if (USER_REASONS.contains(reason)) {
            return AttemptOutcome.UserError;
        }
        if ("RegistryUnavailable".equals(reason)) {
            return AttemptOutcome.PlatformError;
        }
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return USER_MESSAGES.stream().anyMatch(text::contains) ? AttemptOutcome.UserError : AttemptOutcome.PlatformError;
    }
}
