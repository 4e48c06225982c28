package dev.baton.it.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.it.BatonCluster;
import dev.baton.it.TestNamespace;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steps whose image the real node's containerd cannot pull end after the grace period (30 s from the
 * pod's start) instead of at their timeout (here 1 h): an image the local registry does not have
 * ("not found") is a user error, a registry nobody listens at is a platform error, retried.
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class ImagePullIT {
    private static final Duration END = Duration.ofSeconds(150);

    @BeforeEach
    void needsARealNodeAndItsRegistry(TestNamespace ns) {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null, "the cluster has no real node");
        Assumptions.assumeTrue(RealNode.registry(ns.client()) != null, "the real node names no registry");
    }

    private static String workflow(String name, String image, String retry) {
        return RealNode.workflow(name, "    - {name: s, timeout: 1h, retry: " + retry + ", container: {image: \"" + image
                + "\", command: [\"true\"]}}\n");
    }

    @Test
    void aMissingImageIsAUserErrorAndAnUnreachableRegistryAPlatformErrorBothLongBeforeTheTimeout(TestNamespace ns) {
        String missing = RealNode.registry(ns.client()) + "/baton/no-such-image:1";
        // Port 9 (discard) on the loopback: nothing listens, so containerd's connection is refused.
        String unreachable = "127.0.0.1:9/baton/unreachable:1";
        Instant start = Instant.now();
        ns.apply(workflow("missing", missing, "{errors: 1, platform: 0, backoff: {type: Fixed, base: 1s}}"));
        ns.apply(workflow("unreachable", unreachable, "{errors: 0, platform: 1, backoff: {type: Fixed, base: 1s}}"));

        assertThat(ns.awaitEnd("missing-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus m = ns.step("missing-1", "s");
        assertThat(m.attempts).as("a user error, retried once as its limit says").hasSize(2).allSatisfy(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.reason).isIn("ErrImagePull", "ImagePullBackOff");
            assertThat(a.message).contains(missing).contains("not found");
            assertThat(Duration.between(Instant.parse(a.startTime), Instant.parse(a.completionTime))).as("the grace, not the timeout")
                    .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(60));
        });
        assertThat(m.message).contains(missing);

        assertThat(ns.awaitEnd("unreachable-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus u = ns.step("unreachable-1", "s");
        assertThat(u.attempts).as("a platform error, retried once as its limit says").hasSize(2).allSatisfy(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.PlatformError);
            assertThat(a.message).contains(unreachable).contains("connection refused");
        });
        System.out.printf("image pull failures ended both runs in %ds%n", Duration.between(start, Instant.now()).toSeconds());
    }
}
