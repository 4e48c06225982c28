package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttemptEventsTest {
    @Test
    void aPodOnItsWayToRunningWakesNobody() {
        Pod created = pod(null, null);
        Pod scheduled = pod("Pending", null);
        scheduled.getSpec().setNodeName("node-1");
        Pod running = pod("Running", null);
        assertThat(AttemptEvents.added(created)).isFalse();
        assertThat(AttemptEvents.updated(created, scheduled)).isFalse();
        assertThat(AttemptEvents.updated(scheduled, running)).isFalse();
    }

    @Test
    void theEndOfAnAttemptWakesItsInstance() {
        Pod running = pod("Running", null);
        assertThat(AttemptEvents.updated(running, pod("Succeeded", 0))).isTrue();
        assertThat(AttemptEvents.updated(running, pod("Failed", 3))).isTrue();
        Pod evicted = pod("Failed", null);
        evicted.getStatus().setReason("Evicted");
        assertThat(AttemptEvents.updated(running, evicted)).isTrue();
        assertThat(AttemptEvents.added(pod("Succeeded", 0))).as("first seen already done, e.g. after a relist").isTrue();
        assertThat(AttemptEvents.updated(pod("Succeeded", 0), pod("Succeeded", 0))).isFalse();
    }

    @Test
    void aDeletionWakesItsInstance() {
        Pod running = pod("Running", null);
        Pod deleting = pod("Running", null);
        deleting.getMetadata().setDeletionTimestamp("2026-11-24T00:00:10Z");
        assertThat(AttemptEvents.updated(running, deleting)).isTrue();
        assertThat(AttemptEvents.added(deleting)).isTrue();
    }

    @Test
    void aJobMattersOnlyWhenItFails() {
        Job created = job(null);
        Job active = job(null);
        active.getStatus().setActive(1);
        assertThat(AttemptEvents.added(created)).isFalse();
        assertThat(AttemptEvents.updated(created, active)).isFalse();
        assertThat(AttemptEvents.updated(active, job("Complete"))).as("its pod tells the end, with exit code and outputs").isFalse();
        assertThat(AttemptEvents.updated(active, job("Failed"))).isTrue();
    }

    private static Pod pod(String phase, Integer exit) {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-11-24T00:00:00Z")
                .withLabels(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "1")).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase(phase).endStatus().build();
        if (exit != null) {
            pod.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName(StepPodFactory.CONTAINER).withNewState().withNewTerminated().withExitCode(exit)
                    .withFinishedAt("2026-11-24T00:00:05Z").endTerminated().endState().build()));
        }
        return pod;
    }

    private static Job job(String condition) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("j").withCreationTimestamp("2026-11-24T00:00:00Z")
                .withLabels(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "1")).endMetadata().withNewStatus().endStatus();
        if (condition != null) {
            b.editStatus().addNewCondition().withType(condition).withStatus("True").withReason("R")
                    .withLastTransitionTime("2026-11-24T00:00:05Z").endCondition().endStatus();
        }
        return b.build();
    }
}
