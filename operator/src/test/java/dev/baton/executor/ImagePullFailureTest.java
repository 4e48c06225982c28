package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.Attempt;
import dev.baton.engine.model.AttemptOutcome;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pods that wait on an image that cannot be pulled: which class their attempt ends as. */
class ImagePullFailureTest {
    private static final Instant NOW = Instant.parse("2026-11-24T00:01:00Z");

    /** Messages as the kubelet (1.34) and containerd (1.6, Debian 12) write them. */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "missing tag, local registry | ErrImagePull | UserError | 'rpc error: code = NotFound desc = failed to pull and unpack image \"127.0.0.1:5000/nope:1\": failed to resolve reference \"127.0.0.1:5000/nope:1\": 127.0.0.1:5000/nope:1: not found'",
            "missing, back-off wraps it  | ImagePullBackOff | UserError | 'Back-off pulling image \"127.0.0.1:5000/nope:1\": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image'",
            "manifest unknown            | ErrImagePull | UserError | 'failed to resolve reference: unexpected status from HEAD request: 404 Not Found: manifest unknown'",
            "Docker Hub, no repository   | ErrImagePull | UserError | 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope'",
            "credentials refused         | ErrImagePull | UserError | 'failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized'",
            "name does not parse         | InvalidImageName | UserError | 'Failed to apply default image tag \"Nope:x:y\": couldn''t parse image name'",
            "never pull, not present     | ErrImageNeverPull | UserError | 'Container image \"x:1\" is not present with pull policy of Never'",
            "signature                   | SignatureValidationFailed | UserError | 'image pull failed for x because the signature validation failed'",
            "connection refused          | ErrImagePull | PlatformError | 'rpc error: code = Unknown desc = failed to pull and unpack image \"10.0.0.9:5000/x:1\": failed to do request: Head \"https://10.0.0.9:5000/v2/x/manifests/1\": dial tcp 10.0.0.9:5000: connect: connection refused'",
            "unknown host                | ErrImagePull | PlatformError | 'dial tcp: lookup registry.invalid on 10.96.0.10:53: no such host'",
            "back-off, cause unknown     | ImagePullBackOff | PlatformError | 'Back-off pulling image \"x:1\"'",
            "registry unavailable        | RegistryUnavailable | PlatformError | 'image pull failed for x because the registry is unavailable: not found'",
            "server error                | ErrImagePull | PlatformError | 'unexpected status from HEAD request: 503 Service Unavailable'",
    })
    void classifiesByReasonAndMessage(String title, String reason, AttemptOutcome expected, String message) {
        assertThat(ImagePullFailure.classify(reason, message)).isEqualTo(expected);
    }

    @Test
    void aPodWaitingOnItsImageIsReadAsStuckSinceTheNodeStartedIt() {
        Pod pod = pending(waiting("step", "127.0.0.1:5000/nope:1", "ErrImagePull", "...: not found"));
        pod.getStatus().setStartTime("2026-11-24T00:00:07Z");
        Attempt a = AttemptReader.fromPod(pod, NOW);
        assertThat(a.outcome()).as("still running: the engine ends it after the grace").isEqualTo(AttemptOutcome.Running);
        assertThat(a.stuck()).isEqualTo(new Attempt.Stuck(AttemptOutcome.UserError, "ErrImagePull",
                "image 127.0.0.1:5000/nope:1 of container step cannot be pulled: ...: not found", Instant.parse("2026-11-24T00:00:07Z")));
    }

    @Test
    void anInitContainerCountsAndAPodPullingOrCreatingIsNotStuck() {
        Pod init = pending(waiting("step", "ok:1", "PodInitializing", null));
        init.getStatus().setInitContainerStatuses(List.of(waiting("fetch", "nope:1", "ImagePullBackOff", "Back-off pulling image")));
        assertThat(AttemptReader.fromPod(init, NOW).stuck().reason()).isEqualTo("ImagePullBackOff");
        assertThat(AttemptReader.fromPod(init, NOW).stuck().since()).as("no start time yet: the creation").isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(AttemptReader.fromPod(pending(waiting("step", "ok:1", "ContainerCreating", null)), NOW).stuck()).isNull();
        assertThat(AttemptReader.fromPod(pending(), NOW).stuck()).isNull();
    }

    @Test
    void aPodBecomingStuckWakesItsInstanceOnceNotAtEachBackOff() {
        Pod creating = pending(waiting("step", "x:1", "ContainerCreating", null));
        Pod pull = pending(waiting("step", "x:1", "ErrImagePull", "code = NotFound"));
        Pod backOff = pending(waiting("step", "x:1", "ImagePullBackOff", "Back-off pulling image \"x:1\": ErrImagePull: code = NotFound"));
        assertThat(AttemptEvents.updated(creating, pull)).isTrue();
        assertThat(AttemptEvents.updated(pull, backOff)).isFalse();
        assertThat(AttemptEvents.added(backOff)).as("first seen stuck, e.g. after a relist").isTrue();
    }

    private static Pod pending(io.fabric8.kubernetes.api.model.ContainerStatus... statuses) {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-11-24T00:00:00Z")
                .withLabels(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "1")).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus().build();
        pod.getStatus().setContainerStatuses(List.of(statuses));
        return pod;
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus waiting(String name, String image, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withImage(image)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }
}
