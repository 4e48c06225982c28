package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.Initiator;
import dev.baton.api.Signal;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signals on the real control plane: a trigger's join fires once per key, a signal sent while the
 * operator is down still fires, ttl, immutability; a step waits for a signal and starts when it comes;
 * a step's emitted signal starts another workflow.
 */
@ExtendWith(BatonCluster.class)
class SignalsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aJoinOfTwoSignalsStartsOneInstancePerDateAndADuplicateStartsNothing(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: daily-join}
                spec:
                  params: {date: {type: string}, rows: {type: long, default: 0}}
                  runStrategy: {type: Parallel, concurrency: 10}
                  triggers:
                    signals:
                      - name: both-ready
                        signals: [{name: orders-ready}, {name: customers-ready, match: "signal.params.rows > 0"}]
                        joinOn: [date]
                        params: {date: "${signals['orders-ready'].params.date}", rows: "${signals['customers-ready'].params.rows}"}
                  steps: [{name: a, noop: {}}]
                """);
        awaitTriggers(ns, "daily-join");
        ns.apply(signal("o1", "orders-ready", "{date: '2026-12-01'}") + signal("c0", "customers-ready", "{date: '2026-12-01', rows: 0}"));
        Thread.sleep(3_000);
        assertThat(started(ns)).as("customers with no rows do not match").isEmpty();

        ns.apply(signal("c1", "customers-ready", "{date: '2026-12-01', rows: 7}"));
        Awaitility.await().atMost(WAIT).until(() -> started(ns).size() == 1);
        WorkflowInstance first = ns.awaitEnd(started(ns).get(0).getMetadata().getName(), WAIT);
        assertThat(first.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(first.getSpec().params).containsEntry("date", "2026-12-01").containsEntry("rows", 7);
        assertThat(first.getStatus().initiator.type).isEqualTo(Initiator.Type.Signal);
        assertThat(first.getStatus().initiator.signals).isEqualTo("customers-ready=c1,orders-ready=o1");

        ns.apply(signal("o1-again", "orders-ready", "{date: '2026-12-01'}")
                + signal("o2", "orders-ready", "{date: '2026-12-02'}") + signal("c2", "customers-ready", "{date: '2026-12-02', rows: 1}"));
        Awaitility.await().atMost(WAIT).until(() -> started(ns).size() == 2);
        Thread.sleep(3_000);
        assertThat(started(ns)).as("one per date, the duplicate starts nothing").hasSize(2);
    }

    @Test
    void aSignalSentWhileTheOperatorIsDownStillFires(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: on-upload}
                spec:
                  params: {file: {type: string}}
                  triggers:
                    signals: [{name: upload, signals: [{name: file-uploaded}], params: {file: "${signal.params.path}"}}]
                  steps: [{name: a, noop: {}}]
                """);
        awaitTriggers(ns, "on-upload");
        ns.operator().kill();
        ns.apply(signal("up-1", "file-uploaded", "{path: /data/a.csv}"));
        ns.operator().start();

        Awaitility.await().atMost(WAIT).until(() -> started(ns).size() == 1);
        assertThat(started(ns).get(0).getSpec().params).containsEntry("file", "/data/a.csv");
    }

    @Test
    void aSignalIsImmutableAndGoesAfterItsTtl(TestNamespace ns) {
        ns.apply(signal("short", "tick", "{n: 1}").replace("spec: {name: tick", "spec: {ttl: 3s, name: tick"));
        TestNamespace.Kubectl patch = ns.kubectl(null, "patch", "bsig", "short", "--type", "merge", "-p", "{\"spec\":{\"params\":{\"n\":2}}}");
        assertThat(patch.exitCode()).isNotZero();
        assertThat(patch.output()).contains("a Signal is immutable");

        Awaitility.await().atMost(WAIT).until(() ->
                ns.client().resources(Signal.class).inNamespace(ns.name()).withName("short").get() == null);
        assertThat(ns.kubectl(null, "get", "bsig").output()).doesNotContain("short");
    }

    @Test
    void aStepWaitingForASignalStartsWhenAMatchingOneIsCreatedAndNotBefore(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: gated}
                spec:
                  params: {date: {type: string}}
                  steps:
                    - {name: extract, noop: {}}
                    - name: load
                      dependsOn: [extract]
                      waitForSignals: [{name: orders-ready, match: "signal.params.date == params.date"}]
                      params: {ROWS: "${signals['orders-ready'].params.rows}"}
                      bash: {script: "echo $ROWS"}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: gated-1}
                spec: {workflowRef: {name: gated}, params: {date: "2026-12-01"}}
                """);
        Awaitility.await().atMost(WAIT).until(() -> ns.step("gated-1", "load") != null
                && ns.step("gated-1", "load").phase == StepPhase.WaitingForSignal);
        assertThat(ns.step("gated-1", "load").message).isEqualTo("waiting for signal orders-ready");
        assertThat(ns.step("gated-1", "load").signals).singleElement().satisfies(s -> {
            assertThat(s.name).isEqualTo("orders-ready");
            assertThat(s.signal).isNull();
        });
        ns.apply(signal("other-day", "orders-ready", "{date: '2026-11-30', rows: 1}"));
        Thread.sleep(3_000);
        assertThat(ns.step("gated-1", "load").phase).as("a signal of another date does not match").isEqualTo(StepPhase.WaitingForSignal);
        assertThat(ns.jobs()).as("no pod before the signal").isEmpty();

        ns.apply(signal("today", "orders-ready", "{date: '2026-12-01', rows: 42}"));
        Instant sent = Instant.parse(ns.client().resources(Signal.class).inNamespace(ns.name()).withName("today").get()
                .getMetadata().getCreationTimestamp());
        WorkflowInstance i = ns.awaitEnd("gated-1", WAIT);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        StepStatus load = ns.step("gated-1", "load");
        assertThat(load.params).containsEntry("ROWS", 42);
        assertThat(load.signals).singleElement().satisfies(s -> assertThat(s.signal).isEqualTo("today"));
        assertThat(Instant.parse(load.attempts.get(0).startTime)).isAfterOrEqualTo(sent);
        assertThat(ns.kubectl(null, "get", "events", "--field-selector", "involvedObject.name=gated-1").output())
                .contains("StepWaitingForSignal");
    }

    @Test
    void stoppingAnInstanceStopsItsWaitingStep(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: forever}
                spec:
                  steps: [{name: a, waitForSignals: [{name: never-sent}], noop: {}}]
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: forever-1}
                spec: {workflowRef: {name: forever}}
                """);
        Awaitility.await().atMost(WAIT).until(() -> ns.step("forever-1", "a") != null
                && ns.step("forever-1", "a").phase == StepPhase.WaitingForSignal);
        ns.kubectl(null, "patch", "bwfi", "forever-1", "--type", "merge", "-p", "{\"spec\":{\"stop\":\"Stop\"}}");
        assertThat(ns.awaitEnd("forever-1", WAIT).getStatus().phase).isEqualTo(InstancePhase.Stopped);
        assertThat(ns.step("forever-1", "a").phase).isEqualTo(StepPhase.Stopped);
    }

    @Test
    void aStepThatEmitsASignalStartsAnotherWorkflowOnce(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: consumer}
                spec:
                  params: {batch: {type: string}}
                  runStrategy: {type: Parallel, concurrency: 10}
                  triggers:
                    signals: [{name: on-batch, signals: [{name: batch-done}], params: {batch: "${signal.params.batch}"}}]
                  steps: [{name: use, noop: {}}]
                """);
        awaitTriggers(ns, "consumer");
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: producer}
                spec:
                  params: {batch: {type: string}}
                  steps:
                    - name: make
                      bash: {script: "echo made"}
                      emitSignals: [{name: batch-done, params: {batch: "${params.batch}-${instance.name}"}}]
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: producer-1}
                spec: {workflowRef: {name: producer}, params: {batch: b7}}
                """);
        assertThat(ns.awaitEnd("producer-1", WAIT).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        List<Signal> emitted = ns.client().resources(Signal.class).inNamespace(ns.name()).list().getItems();
        assertThat(emitted).singleElement().satisfies(s -> {
            assertThat(s.getMetadata().getName()).isEqualTo("producer-1-make-1-signal-0");
            assertThat(s.getSpec().name).isEqualTo("batch-done");
            assertThat(s.getSpec().params).containsEntry("batch", "b7-producer-1");
            assertThat(s.getMetadata().getLabels()).containsEntry("baton.dev/emitted-by", "producer-1");
        });
        Awaitility.await().atMost(WAIT).until(() -> started(ns).size() == 1);
        WorkflowInstance consumer = ns.awaitEnd(started(ns).get(0).getMetadata().getName(), WAIT);
        assertThat(consumer.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(consumer.getSpec().params).containsEntry("batch", "b7-producer-1");
    }

    /** Waits until the operator has seen the workflow's triggers (from then on, signals count). */
    private static void awaitTriggers(TestNamespace ns, String workflow) {
        Awaitility.await().atMost(WAIT).until(() -> ns.workflow(workflow).getStatus() != null
                && ns.workflow(workflow).getStatus().triggers != null);
    }

    private static List<WorkflowInstance> started(TestNamespace ns) {
        return ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withLabel("baton.dev/trigger").list().getItems();
    }

    private static String signal(String name, String signal, String params) {
        return "---\napiVersion: baton.dev/v1alpha1\nkind: Signal\nmetadata: {name: " + name + "}\nspec: {name: " + signal
                + ", params: " + params + "}\n";
    }
}
