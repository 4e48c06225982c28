package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Attempt;
import dev.baton.engine.Plan;
import dev.baton.engine.Specs;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Steps in a Kueue queue: their Jobs are created suspended and labelled, and read as Admitting until admitted. */
class KueueJobTest {
    private static final Instant NOW = Instant.parse("2026-11-24T00:01:00Z");
    private static final String QUEUE = "kueue.x-k8s.io/queue-name";

    @Test
    void aQueuedStepsJobIsCreatedSuspendedWithKueuesLabelsOnTheJob() {
        Definition spec = Specs.parse("""
                queue: team-a
                steps:
                  - {name: s, bash: {script: x}, podTemplate: {metadata: {labels: {kueue.x-k8s.io/priority-class: high}}}}
                  - {name: t, bash: {script: x}}
                """);
        Job s = job(spec, "s");
        assertThat(s.getSpec().getSuspend()).as("Kueue admits it by unsuspending it").isTrue();
        assertThat(s.getMetadata().getLabels()).containsEntry(QUEUE, "team-a")
                .containsEntry("kueue.x-k8s.io/priority-class", "high").containsEntry(Labels.ATTEMPT, "1");
        assertThat(job(spec, "t").getMetadata().getLabels()).containsEntry(QUEUE, "team-a");
    }

    @Test
    void aStepsOwnQueueLabelOrNoneDecides() {
        Definition spec = Specs.parse("""
                steps:
                  - {name: queued, bash: {script: x}, podTemplate: {metadata: {labels: {kueue.x-k8s.io/queue-name: batch}}}}
                  - {name: plain, bash: {script: x}}
                """);
        assertThat(job(spec, "queued").getMetadata().getLabels()).containsEntry(QUEUE, "batch");
        Job plain = job(spec, "plain");
        assertThat(plain.getSpec().getSuspend()).as("a Job in no queue runs at once").isNull();
        assertThat(plain.getMetadata().getLabels()).doesNotContainKey(QUEUE);
    }

    @Test
    void aSuspendedQueuedJobIsAdmittingAndAnUnsuspendedOneRunsSinceItsStartTime() {
        Attempt waiting = AttemptReader.fromJob(queuedJob(true, null), NOW);
        assertThat(waiting.outcome()).isEqualTo(AttemptOutcome.Admitting);
        assertThat(waiting.ended()).isFalse();
        assertThat(waiting.admitted()).isNull();
        Attempt admitted = AttemptReader.fromJob(queuedJob(false, "2026-11-24T00:00:30Z"), NOW);
        assertThat(admitted.outcome()).isEqualTo(AttemptOutcome.Running);
        assertThat(admitted.admitted()).isEqualTo(Instant.parse("2026-11-24T00:00:30Z"));
    }

    @Test
    void aPodOfAnAdmittedJobCarriesTheAdmissionAndAnEvictedJobsDyingPodTellsNothing() {
        Pod running = pod("Running", null);
        Attempt read = AttemptReader.read(List.of(queuedJob(false, "2026-11-24T00:00:30Z")), List.of(running), NOW).get("s").get(1);
        assertThat(read.outcome()).isEqualTo(AttemptOutcome.Running);
        assertThat(read.admitted()).isEqualTo(Instant.parse("2026-11-24T00:00:30Z"));

        // Kueue suspended the Job again; the Job controller's kill ends its pod with SIGTERM's exit code.
        Pod killed = pod("Failed", 143);
        Attempt evicted = AttemptReader.read(List.of(queuedJob(true, null)), List.of(killed), NOW).get("s").get(1);
        assertThat(evicted.outcome()).as("not the user's exit code: the Job's view wins").isEqualTo(AttemptOutcome.Admitting);
    }

    @Test
    void admissionAndEvictionWakeTheInstanceButTheQueuedJobsCreationDoesNot() {
        Job waiting = queuedJob(true, null);
        Job admitted = queuedJob(false, "2026-11-24T00:00:30Z");
        assertThat(AttemptEvents.added(waiting)).isFalse();
        assertThat(AttemptEvents.updated(waiting, admitted)).as("admitted: its timeout starts").isTrue();
        assertThat(AttemptEvents.updated(admitted, waiting)).as("evicted").isTrue();
    }

    private static Job job(Definition spec, String step) {
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withUid("u").build());
        StepPodFactory pods = new StepPodFactory(new StepImages() {
            public String bashImage() { return "bash-img"; }
            public String pythonImage() { return "python-img"; }
            public String sqlImage() { return "sql-img"; }
            public String notebookImage() { return "notebook-img"; }
            public long runAsUser() { return 1000; }
        });
        return new JobStepExecutor(null, pods).job(instance, spec.step(step), new Plan.Launch(step, 1, Map.of(), null, null, null));
    }

    private static Job queuedJob(boolean suspended, String startTime) {
        return new JobBuilder().withNewMetadata().withName("run-s-1").withCreationTimestamp("2026-11-24T00:00:00Z")
                .withLabels(new HashMap<>(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "1", QUEUE, "q"))).endMetadata()
                .withNewSpec().withSuspend(suspended).endSpec()
                .withNewStatus().withStartTime(startTime).endStatus().build();
    }

    private static Pod pod(String phase, Integer exitCode) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("run-s-1-abcde").withCreationTimestamp("2026-11-24T00:00:31Z")
                .withLabels(new HashMap<>(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "1"))).endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        if (exitCode != null) {
            b.editStatus().addNewContainerStatus().withName(StepPodFactory.CONTAINER).withNewState().withNewTerminated()
                    .withExitCode(exitCode).withReason("Error").endTerminated().endState().endContainerStatus().endStatus();
        }
        return b.build();
    }
}
