package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.Initiator;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Time triggers on the real control plane: fires, exactly once across an operator's death, suspend, backfill, history. */
@ExtendWith(BatonCluster.class)
class TriggersIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SCHEDULED = "baton.dev/scheduled-time";

    @Test
    void anIntervalTriggerStartsOneInstancePerFireWithItsParams(TestNamespace ns) {
        ns.apply(workflow("tick", "interval: [{name: every, every: 3s, params: {at: '${trigger.scheduledTime}'}}]", ""));

        Awaitility.await().atMost(WAIT).until(() -> fired(ns, "every").size() >= 2);
        List<WorkflowInstance> fired = fired(ns, "every");
        for (WorkflowInstance i : fired.subList(0, 2)) {
            String at = i.getMetadata().getAnnotations().get(SCHEDULED);
            assertThat(Instant.parse(at).getEpochSecond() % 3).as("aligned to the epoch").isZero();
            assertThat(i.getMetadata().getName()).matches("tick-every-\\d{8}-\\d{6}");
            assertThat(i.getSpec().params).containsEntry("at", at);
            WorkflowInstance ended = ns.awaitEnd(i.getMetadata().getName(), WAIT);
            assertThat(ended.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(ended.getStatus().initiator.type).isEqualTo(Initiator.Type.Cron);
            assertThat(ended.getStatus().initiator.trigger).isEqualTo("every");
            assertThat(ended.getStatus().initiator.scheduledTime).isEqualTo(at);
        }
        assertThat(ns.workflow("tick").getStatus().nextRun).isNotNull();
    }

    @Test
    void afterTheOperatorWasDownTheLatestMissedFireStartsOnceAndSuspendStopsFires(TestNamespace ns) throws Exception {
        ns.apply(workflow("beat", "interval: [{name: b, every: 4s}]", ""));
        Awaitility.await().atMost(WAIT).until(() -> !fired(ns, "b").isEmpty());

        Instant down = Instant.now();
        ns.operator().kill();
        Thread.sleep(14_000); // three or four fires go by
        ns.operator().start();
        Instant up = Instant.now();
        Awaitility.await().atMost(WAIT).until(() -> fired(ns, "b").stream().anyMatch(i -> scheduled(i).isAfter(up)));

        List<Instant> whileDown = fired(ns, "b").stream().map(TriggersIT::scheduled)
                .filter(t -> t.isAfter(down.plusSeconds(4)) && t.isBefore(up.minusSeconds(4))).toList();
        assertThat(whileDown).as("fires scheduled well inside the downtime: at most the latest, caught up once").hasSizeLessThanOrEqualTo(1);
        List<Instant> all = fired(ns, "b").stream().map(TriggersIT::scheduled).sorted().toList();
        assertThat(all).doesNotHaveDuplicates();

        ns.kubectl(null, "patch", "bwf", "beat", "--type", "merge", "-p", "{\"spec\":{\"suspend\":true}}");
        Awaitility.await().atMost(WAIT).until(() -> ns.workflow("beat").getStatus().triggers.get(0).message != null);
        int before = fired(ns, "b").size();
        Thread.sleep(10_000);
        assertThat(fired(ns, "b")).as("no fire while suspended").hasSize(before);
        assertThat(ns.workflow("beat").getStatus().triggers.get(0).message).contains("suspended");
    }

    @Test
    void aBackfillStartsTheFiresOfItsRangeThatHadNotRunOnce(TestNamespace ns) {
        // One fire of the range ran already (a person started it under the fire's name).
        ns.apply(workflow("yearly", "cron: [{name: new-year, schedule: '0 0 1 1 *'}]", ""));
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: yearly-new-year-20220101-000000}
                spec: {workflowRef: {name: yearly}}
                """);
        assertThat(ns.awaitEnd("yearly-new-year-20220101-000000", WAIT).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        ns.apply(workflow("yearly", "cron: [{name: new-year, schedule: '0 0 1 1 *'}]",
                "  backfill: {trigger: new-year, from: '2020-01-01T00:00:00Z', to: '2023-06-01T00:00:00Z'}\n"));

        Awaitility.await().atMost(WAIT).until(() -> ns.workflow("yearly").getStatus() != null
                && ns.workflow("yearly").getStatus().backfill != null);
        assertThat(ns.workflow("yearly").getStatus().backfill).endsWith(": 4 fires, 3 started, 1 had run already");
        assertThat(fired(ns, "new-year")).extracting(i -> i.getMetadata().getName()).containsExactlyInAnyOrder(
                "yearly-new-year-20200101-000000", "yearly-new-year-20210101-000000", "yearly-new-year-20230101-000000");
        assertThat(ns.awaitEnd("yearly-new-year-20200101-000000", WAIT).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void historyKeepsOnlyTheNewestEndedInstances(TestNamespace ns) {
        ns.apply(workflow("often", "interval: [{name: o, every: 2s}]", "  history: {succeeded: 2, failed: 1}\n"));

        Awaitility.await().atMost(WAIT).until(() -> ns.workflow("often").getStatus() != null
                && ns.workflow("often").getStatus().triggers != null && fires(ns, "often") >= 8);
        // No fire after this one: the last runs end with nothing to wake the Workflow but its history look.
        ns.kubectl(null, "patch", "bwf", "often", "--type", "merge", "-p", "{\"spec\":{\"suspend\":true}}");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            String newest = ns.workflow("often").getStatus().triggers.get(0).lastInstance;
            List<WorkflowInstance> kept = fired(ns, "o");
            assertThat(kept).as("of 8 or more succeeded runs, the 2 newest are kept").hasSize(2)
                    .allMatch(i -> i.getStatus() != null && i.getStatus().phase == InstancePhase.Succeeded)
                    .anyMatch(i -> i.getMetadata().getName().equals(newest));
        });
    }

    /** How many fires the trigger has had: from its first instance's to its last scheduled time, every 2s. */
    private static long fires(TestNamespace ns, String workflow) {
        var t = ns.workflow(workflow).getStatus().triggers.get(0);
        return t.since == null || t.lastScheduleTime == null ? 0
                : Duration.between(Instant.parse(t.since), Instant.parse(t.lastScheduleTime)).toSeconds() / 2;
    }

    private static List<WorkflowInstance> fired(TestNamespace ns, String trigger) {
        return ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withLabel("baton.dev/trigger", trigger)
                .list().getItems();
    }

    private static Instant scheduled(WorkflowInstance i) {
        Map<String, String> a = i.getMetadata().getAnnotations();
        return Instant.parse(a.get(SCHEDULED));
    }

    private static String workflow(String name, String triggers, String more) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: NAME}
                spec:
                  params: {at: {type: string, default: none}}
                  runStrategy: {type: Parallel, concurrency: 50}
                  triggers: {TRIGGERS}
                MORE  steps: [{name: a, noop: {}}]
                """.replace("NAME", name).replace("TRIGGERS", triggers).replace("MORE", more);
    }
}
