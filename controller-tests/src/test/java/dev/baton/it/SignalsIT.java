package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.Initiator;
import dev.baton.api.Signal;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signals and signal triggers on the real control plane: a join fires once per key, a signal sent while the operator is down still fires, ttl, immutability. */
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
