package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Attempt;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.ChildNames;
import dev.baton.executor.JobPodRefusals;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One reconcile of a WorkflowInstance at a time, from a YAML fixture of what the caches and the API hold
 * ({@code src/test/resources/reconciler/}), through the real observer, planner, actuator and status writer,
 * against an in-memory API server: what was created, deleted, written and recorded.
 */
class WorkflowInstanceReconcilerTest {
    private ReconcileFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aRunsNotificationIsSentOffTheReconcileAndItsSlaWakesTheInstance() {
        fixture = ReconcileFixture.load("notify-new-instance");

        fixture.reconcile();

        assertThat(fixture.lastWrite().phase).isEqualTo(InstancePhase.Running);
        assertThat(fixture.rescheduleDelay()).as("the SLA passes before the sleep ends").isEqualTo(30_000L);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events().contains("Warning NotificationFailed"));
        assertThat(fixture.lastWrite().notified).as("nothing delivered").isNull();
    }

    @Test
    void anHttpStepsCallIsSentOffTheReconcileAndItsResultEndsTheAttemptNextTime() {
        fixture = ReconcileFixture.load("http-new-instance");

        fixture.reconcile();

        assertThat(fixture.createdJobs()).as("no pod").isEmpty();
        assertThat(step(fixture.lastWrite(), "call").attempts).extracting(a -> a.number + " " + a.outcome).containsExactly("1 Running");
        // The call runs on the operator's HTTP workers; its end wakes the instance, which reconciles again.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            fixture.reconcileAfter(Duration.ofMillis(20));
            return step(fixture.lastWrite(), "call").phase != StepPhase.Running;
        });
        StepStatus call = step(fixture.lastWrite(), "call");
        assertThat(call.phase).as("refused: retrying cannot help").isEqualTo(StepPhase.Failed);
        assertThat(call.attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.reason).isEqualTo("DestinationRefused");
        });
        assertThat(call.message).contains("10.1.2.3:8080 is not on the operator's allow-list");
        assertThat(fixture.lastWrite().phase).isEqualTo(InstancePhase.Failed);
    }

    @Test
    void diamondWhoseFirstStepSucceededStartsBothBranchesInOneStatusWrite() {
        fixture = ReconcileFixture.load("diamond-a-succeeded");

        fixture.reconcile();

        assertThat(fixture.createdJobs()).containsExactly(ChildNames.attempt("diamond-1", "b", 1),
                ChildNames.attempt("diamond-1", "c", 1));
        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.phase).isEqualTo(InstancePhase.Running);
        assertThat(status.steps).extracting(s -> s.name + " " + s.phase)
                .containsExactly("a Succeeded", "b Running", "c Running", "d Pending");
        assertThat(step(status, "a").attempts).extracting(a -> a.outcome + " " + a.exitCode)
                .containsExactly("Succeeded 0");
        assertThat(step(status, "b").attempts).extracting(a -> a.job).containsExactly("diamond-1-b-1");
        assertThat(status.progress).isEqualTo("1/4");
        assertThat(events()).containsExactlyInAnyOrder("Normal StepSucceeded", "Normal StepStarted", "Normal StepStarted");
        assertThat(fixture.rescheduleDelay()).as("back when the new Jobs' pods should exist, in case the cluster refuses them")
                .isEqualTo(JobPodRefusals.GRACE.plusSeconds(1).toMillis() + 50);
    }

    @Test
    void newInstanceStoresItsRevisionBeforeTheStatusPinsItAndLaunchesTheRootSteps() {
        fixture = ReconcileFixture.load("diamond-new-instance");
        List<Boolean> revisionExistedAtWrite = new ArrayList<>();
        fixture.context.onWrite = s -> revisionExistedAtWrite.add(fixture.revisionExists(s.revision));

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.revision).isEqualTo(WorkflowRevisions.nameOf(fixture.context.workflows.get(0)));
        assertThat(revisionExistedAtWrite).as("the pinned revision existed when the status named it").containsExactly(true);
        assertThat(fixture.revisions()).containsExactly(status.revision);
        assertThat(status.steps).extracting(s -> s.name + " " + s.phase)
                .containsExactly("a Running", "b Pending", "c Pending", "d Pending");
        assertThat(status.startTime).isEqualTo(ReconcileFixture.NOW.toString());
        assertThat(fixture.createdJobs()).containsExactly("diamond-2-a-1");
        assertThat(events()).containsExactlyInAnyOrder("Normal InstanceStarted", "Normal StepStarted");
    }

    @Test
    void aStepWhosePermitIsNotGrantedWaitsSayingWhyAndStartsNothing() {
        fixture = ReconcileFixture.load("permits-new-instance");

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.phase).isEqualTo(InstancePhase.Running);
        assertThat(status.steps).extracting(s -> s.name + " " + s.phase).containsExactly("a WaitingForPermit", "b Running");
        assertThat(step(status, "a").message).isEqualTo("waiting for permit db (no ConcurrencyLimit db in namespace "
                + ReconcileFixture.NAMESPACE + ": it waits until one is created)");
        assertThat(step(status, "a").permits).as("what the waiters' index reads").containsExactly("db");
        assertThat(step(status, "b").permits).isNull();
        assertThat(status.priority).as("the instance's own priority").isEqualTo(7);
        assertThat(fixture.createdJobs()).containsExactly("permits-1-b-1");
        assertThat(events()).contains("Normal StepWaitingForPermit");
    }

    @Test
    void aRunWhoseWorkflowNamesPermitsStaysQueuedUntilGranted() {
        fixture = ReconcileFixture.load("permits-whole-run");

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.phase).isEqualTo(InstancePhase.Queued);
        assertThat(status.permits).containsExactly("nightly");
        assertThat(status.priority).as("the workflow's priority").isEqualTo(3);
        assertThat(status.conditions).filteredOn(c -> c.getType().equals("WaitingForPermit")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getMessage()).startsWith("waiting for permit nightly (no ConcurrencyLimit nightly");
                });
        assertThat(status.startTime).as("not started").isNull();
        assertThat(fixture.createdJobs()).isEmpty();
    }

    @Test
    void statusWithNothingNewIsNotWritten() {
        fixture = ReconcileFixture.load("diamond-branches-running");

        fixture.reconcile();

        assertThat(fixture.writes()).isEmpty();
        assertThat(fixture.createdJobs()).isEmpty();
        assertThat(events()).isEmpty();
    }

    @Test
    void invalidWorkflowFailsTheInstanceNamingTheFieldAndCreatesNothing() {
        fixture = ReconcileFixture.load("invalid-workflow");

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.phase).isEqualTo(InstancePhase.Failed);
        assertThat(condition(status, ConditionType.Valid)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("InvalidWorkflow");
            assertThat(c.getMessage()).contains("spec.steps[1].dependsOn[0]: unknown step \"extract\"");
        });
        assertThat(events()).containsExactly("Warning InvalidWorkflow");
        assertThat(fixture.jobs()).isEmpty();
        assertThat(fixture.pods()).isEmpty();
        assertThat(fixture.revisions()).as("an invalid spec pins no revision").isEmpty();
        assertThat(fixture.createdInstances()).isEmpty();
    }

    @Test
    void malformedStepsInsideAForeachBodyAreCompileErrorsWithTheirPaths() {
        fixture = ReconcileFixture.load("foreach-malformed-body");

        fixture.reconcile(); // no exception: a loop body is read leniently

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.phase).isEqualTo(InstancePhase.Failed);
        assertThat(condition(status, ConditionType.Valid).getMessage())
                .contains("spec.steps[0].foreach.steps[0].onFailure: must be one of")
                .contains("spec.steps[0].foreach.steps[1].noop: must be an object");
        assertThat(events()).containsExactly("Warning InvalidWorkflow");
        assertThat(fixture.createdInstances()).isEmpty();
    }

    @Test
    void jobRefusedByTheApiIsAFailedAttemptRetriedAfterTheBackoff() {
        String quota = "jobs \"hello-1-greet-1\" is forbidden: exceeded quota: compute, limited: count/jobs.batch=20";
        fixture = ReconcileFixture.load("job-refused").refuseNextJob(403, quota);

        fixture.reconcile();

        assertThat(fixture.jobs()).isEmpty();
        AttemptStatus refused = step(fixture.written(), "greet").attempts.get(0);
        assertThat(refused.outcome).as("the user's to mend: retrying alone cannot fix a quota").isEqualTo(AttemptOutcome.UserError);
        assertThat(refused.reason).isEqualTo("CreateRefused");
        assertThat(refused.message).isEqualTo(quota);
        assertThat(refused.completionTime).isEqualTo(ReconcileFixture.NOW.toString());
        assertThat(fixture.rescheduleDelay()).as("back at once to plan the retry").isEqualTo(100);

        fixture.reconcileAfter(Duration.ofMillis(100));

        StepStatus waiting = step(fixture.lastWrite(), "greet");
        assertThat(waiting.nextAttemptAfter).as("60s, the first backoff").isEqualTo(ReconcileFixture.NOW.plusSeconds(60).toString());
        assertThat(waiting.message).as("under retry.errors, not the platform's 10")
                .contains(quota).contains("0 of 2 retries for this class used");
        assertThat(fixture.rescheduleDelay()).isBetween(59_900L, 60_000L);
        assertThat(fixture.jobs()).isEmpty();

        fixture.reconcileAfter(Duration.ofSeconds(60));

        assertThat(fixture.createdJobs()).containsExactly("hello-1-greet-2");
        assertThat(step(fixture.lastWrite(), "greet").attempts).extracting(a -> a.number + " " + a.outcome)
                .containsExactly("1 UserError", "2 Running");
        assertThat(events()).contains("Normal StepRetrying");
    }

    @Test
    void refusedAttemptIsDescribedByItsRefusalNotAnExitCode() {
        fixture = ReconcileFixture.load("job-refused").refuseNextJob(403, "jobs \"hello-1-greet-1\" is forbidden: exceeded quota");

        fixture.reconcile();
        fixture.reconcileAfter(Duration.ofMillis(100));

        assertThat(step(fixture.lastWrite(), "greet").message).doesNotContain("exit code null");
    }

    @Test
    void killDeletesTheRunningPodAndFailsTheInstance() {
        fixture = ReconcileFixture.load("pod-step-killed");
        assertThat(fixture.pods()).containsExactly("fast-1-work-1");

        fixture.reconcile();

        assertThat(fixture.pods()).as("the attempt's Pod, deleted").isEmpty();
        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.phase).isEqualTo(InstancePhase.Failed);
        assertThat(status.message).isEqualTo("Stopped: spec.stop is Kill");
        assertThat(status.steps).extracting(s -> s.name + " " + s.phase).containsExactly("work Stopped", "report Stopped");
        assertThat(status.completionTime).isEqualTo(ReconcileFixture.NOW.toString());
        assertThat(events()).containsExactlyInAnyOrder("Warning StepStopped", "Warning StepStopped", "Warning InstanceFailed");
        assertThat(status.deleteAfter).as("the default ttl").isEqualTo(ReconcileFixture.NOW.plus(java.time.Duration.ofDays(7)).toString());
        assertThat(fixture.rescheduleDelay()).as("ended: it comes back when its ttl has passed")
                .isEqualTo(java.time.Duration.ofDays(7).toMillis() + 50);
    }

    @Test
    void killLeavesAPodItDidNotCreateThoughItHasTheAttemptsNameAndLabels() {
        fixture = ReconcileFixture.load("pod-step-foreign-kill");

        fixture.reconcile();

        assertThat(fixture.pods()).as("someone else's Pod, left alone").containsExactly("fast-1-work-1");
        assertThat(fixture.written().phase).isEqualTo(InstancePhase.Failed);
        assertThat(events()).contains("Warning ForeignObjectIgnored");
    }

    @Test
    void aPodItDidNotCreateIsNotReadAsTheAttemptAndIsReportedOnce() {
        fixture = ReconcileFixture.load("pod-step-foreign-succeeded");

        fixture.reconcile();
        fixture.reconcileAfter(Duration.ofSeconds(1));

        WorkflowInstanceStatus status = fixture.lastWrite() == null ? null : fixture.lastWrite();
        StepStatus work = status == null ? null : step(status, "work");
        assertThat(work == null ? StepPhase.Running : work.phase).as("a forged success is not the attempt's").isEqualTo(StepPhase.Running);
        assertThat(fixture.pods()).containsExactly("fast-1-work-1");
        assertThat(events()).containsOnlyOnce("Warning ForeignObjectIgnored");
    }

    /**
     * Found by PlannerPropertiesTest: an attempt launched by a pass whose status write was lost is in no
     * status, so halting the run killed nothing of it; the cluster has it, and after the write it goes.
     */
    @Test
    void stoppingARunDeletesAnAttemptThatALostStatusWriteLeftUnrecorded() {
        fixture = ReconcileFixture.load("pod-step-unrecorded-stop");

        fixture.reconcile();

        assertThat(fixture.written().phase).isEqualTo(InstancePhase.Stopped);
        assertThat(fixture.pods()).as("the unrecorded attempt's Pod, deleted").isEmpty();
    }

    /** The same unrecorded attempt while the run goes on: the step starts again and adopts it. */
    @Test
    void anUnrecordedAttemptOfAStepThatStartsIsAdoptedNeitherDeletedNorLaunchedAgain() {
        fixture = ReconcileFixture.load("pod-step-unrecorded");

        fixture.reconcile();

        assertThat(step(fixture.written(), "work").attempts).extracting(a -> a.number + " " + a.outcome).containsExactly("1 Running");
        assertThat(fixture.pods()).containsExactly("fast-1-work-1");
        assertThat(fixture.createdPods()).isEmpty();
    }

    /**
     * Seen in ControlPlaneChaosIT: after a stalled watch the cache lacked a running attempt's Job for longer
     * than the grace after which a missing object counts as deleted; the next attempt started while the
     * first still ran. The API server is asked before an attempt is called deleted.
     */
    @Test
    void aRunningAttemptMissingOnlyFromALaggingCacheIsNeitherEndedNorRunAgain() {
        fixture = ReconcileFixture.load("diamond-branches-running");
        fixture.context.jobs.removeIf(j -> j.getMetadata().getName().equals("diamond-1-b-1"));
        fixture.clock.advance(Attempt.VANISH_GRACE);

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.writes().isEmpty() ? fixture.context.instance().getStatus() : fixture.lastWrite();
        assertThat(step(status, "b").attempts).extracting(a -> a.number + " " + a.outcome).containsExactly("1 Running");
        assertThat(fixture.createdJobs()).isEmpty();
        assertThat(fixture.jobs()).contains("diamond-1-b-1");
    }

    /** The counterpart: an attempt whose Job the API server has not either ends as deleted, and the next starts. */
    @Test
    void aRunningAttemptWhoseJobIsGoneFromTheApiEndsAsDeleted() {
        fixture = ReconcileFixture.load("diamond-branches-running");
        fixture.context.jobs.removeIf(j -> j.getMetadata().getName().equals("diamond-1-b-1"));
        fixture.client.batch().v1().jobs().inNamespace(ReconcileFixture.NAMESPACE).withName("diamond-1-b-1").delete();
        fixture.clock.advance(Attempt.VANISH_GRACE);

        fixture.reconcile();

        assertThat(step(fixture.written(), "b").attempts).extracting(a -> a.number + " " + a.outcome + " " + a.reason)
                .startsWith("1 PlatformError Deleted");
    }

    @Test
    void killEndsTheKilledAttemptInStatus() {
        fixture = ReconcileFixture.load("pod-step-killed");

        fixture.reconcile();

        AttemptStatus killed = step(fixture.written(), "work").attempts.get(0);
        assertThat(killed.outcome).isNotEqualTo(AttemptOutcome.Running);
        assertThat(killed.completionTime).isEqualTo(ReconcileFixture.NOW.toString());
    }

    @Test
    void foreachCreatesItsFirstWindowOfIterationsAndCachesEach() {
        fixture = ReconcileFixture.load("foreach-first-window");

        fixture.reconcile();

        List<WorkflowInstance> created = fixture.createdInstances();
        assertThat(created).extracting(i -> i.getMetadata().getName()).containsExactlyInAnyOrder(
                ChildNames.iteration("regions-1", "each", 1, 0), ChildNames.iteration("regions-1", "each", 1, 1),
                ChildNames.iteration("regions-1", "each", 1, 2));
        assertThat(created).extracting(i -> i.getSpec().loopParams.get("n")).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(created).allSatisfy(i -> {
            assertThat(i.getMetadata().getLabels()).containsEntry(Labels.PARENT, "regions-1").containsEntry(Labels.STEP, "each");
            assertThat(i.getSpec().body.revision).isEqualTo(fixture.written().revision);
        });
        assertThat(fixture.context.createdChildren).as("each put in the cache before its watch event")
                .extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(created.stream().map(i -> i.getMetadata().getName()).toList());
        var loop = step(fixture.written(), "each").foreach;
        assertThat(loop.total).isEqualTo(10);
        assertThat(loop.nextIndex).isEqualTo(3);
        assertThat(loop.unfinished).containsExactly(0L, 1L, 2L);
        assertThat(fixture.jobs()).as("iterations run their steps themselves").isEmpty();
    }

    /**
     * Found by PlannerPropertiesTest: child actions are carried out after the status write, so when the write
     * that ends the instance succeeds and stopping an iteration then fails (the API errs, the operator dies),
     * the ended instance plans nothing more; its next reconcile (JOSDK's retry, or every instance's at start)
     * stops the iterations that still run.
     */
    @Test
    void iterationsAreStoppedEvenWhenStoppingFailsAfterTheTerminalStatusWrite() {
        fixture = ReconcileFixture.load("foreach-first-window");
        fixture.reconcile();
        List<String> iterations = fixture.createdInstances().stream().map(i -> i.getMetadata().getName()).sorted().toList();
        fixture.context.instance().getSpec().stop = "Stop";
        fixture.failNextInstanceEdit(iterations.get(0), 403, "the operator's token has expired"); // not retried by the client

        try {
            fixture.reconcileAfter(Duration.ofSeconds(1));
        } catch (RuntimeException expected) {
            // the refused stop fails the reconcile, after its status write
        }
        assertThat(fixture.lastWrite().phase).isEqualTo(InstancePhase.Stopped);
        fixture.reconcileAfter(Duration.ofSeconds(1));

        assertThat(fixture.createdInstances()).as("every iteration is asked to stop")
                .allSatisfy(i -> assertThat(i.getSpec().stop).isEqualTo("Stop"));
    }

    /** "Type Reason" of every Event recorded on the instance so far. */
    private List<String> events() {
        return fixture.events().stream().map((Event e) -> e.getType() + " " + e.getReason()).toList();
    }

    private static StepStatus step(WorkflowInstanceStatus status, String name) {
        return status.steps.stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in status"));
    }

    private static Condition condition(WorkflowInstanceStatus status, ConditionType type) {
        return status.conditions.stream().filter(c -> c.getType().equals(type.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }
}
