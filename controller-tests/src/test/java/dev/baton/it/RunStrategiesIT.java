package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each run strategy with three instances, and stepConcurrency across instances. */
@ExtendWith(BatonCluster.class)
class RunStrategiesIT {
    private static final Duration END = Duration.ofSeconds(120);

    private static void setUp(TestNamespace ns, String strategy, String duration, String extra) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: wf}
                spec:
                  runStrategy: STRATEGY
                  EXTRA
                  steps:
                    - name: s
                      bash: {script: x}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "DURATION"}}}
                """.replace("STRATEGY", strategy).replace("DURATION", duration).replace("EXTRA", extra));
    }

    /** Creates i1, i2, i3 a second apart, so their creation order is unambiguous. */
    private static void createThree(TestNamespace ns) throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            ns.apply("apiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: i" + i
                    + "}\nspec: {workflowRef: {name: wf}}\n");
            Thread.sleep(1100);
        }
    }

    private static Map<String, InstancePhase> endAll(TestNamespace ns) {
        return List.of("i1", "i2", "i3").stream().collect(Collectors.toMap(n -> n, n -> ns.awaitEnd(n, END).getStatus().phase));
    }

    private static Instant start(TestNamespace ns, String n) {
        return Instant.parse(ns.instance(n).getStatus().startTime);
    }

    private static Instant end(TestNamespace ns, String n) {
        return Instant.parse(ns.instance(n).getStatus().completionTime);
    }

    @Test
    void sequentialRunsOneAtATimeInCreationOrder(TestNamespace ns) throws Exception {
        setUp(ns, "{type: Sequential}", "3s", "");
        createThree(ns);
        ns.awaitPhase("i3", InstancePhase.Queued, END);
        assertThat(ns.kubectl(null, "get", "bwfi").output()).contains("Queued");
        assertThat(endAll(ns)).containsValues(InstancePhase.Succeeded).doesNotContainValue(InstancePhase.Failed);
        assertThat(start(ns, "i2")).isAfterOrEqualTo(end(ns, "i1"));
        assertThat(start(ns, "i3")).isAfterOrEqualTo(end(ns, "i2"));
    }

    @Test
    void aWaitingInstanceOfHigherPriorityStartsBeforeOlderOnesAndItsPodsTakeTheWorkflowsPriorityClass(TestNamespace ns)
            throws Exception {
        String priorityClass = "baton-it-" + ns.name().substring(Math.max(0, ns.name().length() - 20));
        ns.client().resource(new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder().withNewMetadata()
                .withName(priorityClass).endMetadata().withValue(1000).build()).create();
        try {
            setUp(ns, "{type: Sequential}", "4s", "priorityClassName: " + priorityClass);
            createThree(ns); // i1 runs; i2 and i3 wait, i2 first by creation
            ns.kubectl(null, "patch", "bwfi", "i3", "--type", "merge", "-p", "{\"spec\":{\"priority\":5}}");
            assertThat(endAll(ns)).containsOnly(Map.entry("i1", InstancePhase.Succeeded), Map.entry("i2", InstancePhase.Succeeded),
                    Map.entry("i3", InstancePhase.Succeeded));
            assertThat(start(ns, "i3")).as("higher priority first").isAfterOrEqualTo(end(ns, "i1"));
            assertThat(start(ns, "i2")).as("then the older one").isAfterOrEqualTo(end(ns, "i3"));
            assertThat(ns.pods()).isNotEmpty().allSatisfy(p -> assertThat(p.getSpec().getPriorityClassName()).isEqualTo(priorityClass));
        } finally {
            ns.client().scheduling().v1().priorityClasses().withName(priorityClass).delete();
        }
    }

    @Test
    void parallelRunsUpToItsConcurrency(TestNamespace ns) throws Exception {
        setUp(ns, "{type: Parallel, concurrency: 2}", "5s", "");
        createThree(ns);
        assertThat(endAll(ns).values()).containsOnly(InstancePhase.Succeeded);
        assertThat(start(ns, "i2")).isBefore(end(ns, "i1"));
        assertThat(start(ns, "i3")).isAfterOrEqualTo(end(ns, "i1"));
    }

    @Test
    void firstOnlyStopsNewInstancesWhileOneRuns(TestNamespace ns) throws Exception {
        setUp(ns, "{type: FirstOnly}", "6s", "");
        createThree(ns);
        assertThat(endAll(ns)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "i1", InstancePhase.Succeeded, "i2", InstancePhase.Stopped, "i3", InstancePhase.Stopped));
        assertThat(ns.instance("i2").getStatus().message).contains("FirstOnly");
    }

    @Test
    void lastOnlyStopsTheRunningInstanceForTheNewest(TestNamespace ns) throws Exception {
        setUp(ns, "{type: LastOnly}", "6s", "");
        createThree(ns);
        assertThat(endAll(ns)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "i1", InstancePhase.Stopped, "i2", InstancePhase.Stopped, "i3", InstancePhase.Succeeded));
        assertThat(ns.instance("i1").getStatus().message).contains("superseded");
    }

    @Test
    void serialLatestOnlyRunsOnlyTheNewestWaitingInstanceNext(TestNamespace ns) throws Exception {
        setUp(ns, "{type: SerialLatestOnly}", "6s", "");
        createThree(ns);
        assertThat(endAll(ns)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "i1", InstancePhase.Succeeded, "i2", InstancePhase.Stopped, "i3", InstancePhase.Succeeded));
        assertThat(start(ns, "i3")).isAfterOrEqualTo(end(ns, "i1"));
    }

    @Test
    void strictSequentialBlocksTheQueueAfterAFailureUntilRestart(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: wf}
                spec:
                  runStrategy: {type: StrictSequential}
                  params: {fail: {type: boolean, default: false}}
                  steps:
                    - {name: gate, noop: {}}
                    - name: s
                      dependsOn: [{step: gate, when: "params.fail"}]
                      retry: {errors: 0}
                      bash: {script: x}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "1"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: i1}
                spec: {workflowRef: {name: wf}, params: {fail: true}}
                """);
        ns.awaitEnd("i1", END);
        ns.apply("apiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: i2}\nspec: {workflowRef: {name: wf}}\n");
        ns.awaitPhase("i2", InstancePhase.Queued, END);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> ns.instance("i2").getStatus().phase == InstancePhase.Queued);
        assertThat(ns.instance("i2").getStatus().message).contains("blocked by failed instance i1");
        // A restart of i1 that fails again keeps the queue blocked.
        ns.kubectl(null, "patch", "bwfi", "i1", "--type", "merge", "-p",
                "{\"spec\":{\"restart\":{\"policy\":\"FromIncomplete\",\"nonce\":\"1\"}}}");
        Awaitility.await().atMost(END).until(() -> ns.instance("i1").getStatus().run == 2);
        WorkflowInstance i1 = ns.awaitEnd("i1", END);
        assertThat(i1.getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.instance("i2").getStatus().phase).isEqualTo(InstancePhase.Queued);
    }

    @Test
    void stepConcurrencyCapsRunningStepsAcrossInstances(TestNamespace ns) throws Exception {
        setUp(ns, "{type: Parallel, concurrency: 3}", "4s", "stepConcurrency: 1");
        createThree(ns);
        assertThat(endAll(ns).values()).containsOnly(InstancePhase.Succeeded);
        List<Instant[]> spans = List.of("i1", "i2", "i3").stream().map(n -> new Instant[] {
                Instant.parse(ns.step(n, "s").attempts.get(0).startTime), Instant.parse(ns.step(n, "s").completionTime)}).toList();
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                boolean overlap = spans.get(a)[0].isBefore(spans.get(b)[1]) && spans.get(b)[0].isBefore(spans.get(a)[1]);
                assertThat(overlap).as("steps of instance %d and %d ran at once", a + 1, b + 1).isFalse();
            }
        }
    }
}
