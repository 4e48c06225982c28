package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step Jobs admitted by the real Kueue (its controller manager built from sigs.k8s.io/kueue, {@link KueueProcess}):
 * a ClusterQueue whose quota fits two step Jobs runs a ten-iteration foreach two Jobs at a time, the
 * waiting attempts show Admitting, and a Job that Kueue preempts for a higher-priority workload is a
 * platform error that Baton retries as a new attempt.
 */
@ExtendWith(BatonCluster.class)
class KueueIT {
    private static final String KUEUE = "kueue.x-k8s.io/v1beta2";

    @Test
    void aForeachOfTenRunsTwoJobsAtATimeAndAPreemptedJobIsRetried(TestNamespace ns) throws Exception {
        Path repo = Path.of(System.getProperty("baton.repo", "..")).toAbsolutePath().normalize();
        KueueProcess kueue = new KueueProcess(repo, BatonCluster.kubeconfig());
        // Cluster-scoped objects: one set per test namespace, named after its random suffix (label values fit 63).
        String cluster = "baton-kueue-it-" + ns.name().substring(ns.name().lastIndexOf('-') + 1);
        RunningJobs running = new RunningJobs();
        Watch watch = null;
        try {
            kueue.start(ns.client());
            ns.apply(queues(cluster, ns.name()));
            Awaitility.await("ClusterQueue active").atMost(Duration.ofSeconds(30)).until(() -> active(ns, cluster));
            watch = ns.client().batch().v1().jobs().inNamespace(ns.name()).watch(running);

            ns.apply("""
                    apiVersion: baton.dev/v1alpha1
                    kind: Workflow
                    metadata: {name: kq}
                    spec:
                      queue: steps
                      defaults:
                        retry: {platform: 3, backoff: {type: Fixed, base: 1s}}
                        podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "8s"}}}
                      steps:
                        - name: each
                          foreach:
                            params: {i: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}
                            concurrency: 10
                            steps:
                              - name: work
                                bash: {script: "echo $i", resources: {requests: {cpu: "1"}}}
                    ---
                    apiVersion: baton.dev/v1alpha1
                    kind: WorkflowInstance
                    metadata: {name: kq-1}
                    spec: {workflowRef: {name: kq}}
                    """);

            // Eight of ten wait for quota: their attempts show Admitting, with the queue in the step's message.
            Awaitility.await("an attempt Admitting").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> works(ns).stream().anyMatch(s -> last(s) != null && last(s).outcome == AttemptOutcome.Admitting
                            && s.message != null && s.message.contains("waits for Kueue to admit its Job (queue steps)")));
            // Two admitted, and Baton has seen them admitted (admissionTime in status): now preempt one.
            Awaitility.await("two attempts admitted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> works(ns).stream().filter(s -> last(s) != null && last(s).outcome == AttemptOutcome.Running
                            && last(s).admissionTime != null).count() == 2);
            ns.apply(urgentJob(cluster));

            Awaitility.await("an attempt evicted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> works(ns).stream().anyMatch(s -> s.attempts.stream().anyMatch(KueueIT::evicted)));
            WorkflowInstance parent = ns.awaitEnd("kq-1", Duration.ofSeconds(150));

            assertThat(parent.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(ns.step("kq-1", "each").foreach.succeeded).isEqualTo(10);
            List<StepStatus> works = works(ns);
            assertThat(works).hasSize(10).allSatisfy(s -> assertThat(s.phase).isEqualTo(StepPhase.Succeeded));
            StepStatus retried = works.stream().filter(s -> s.attempts.stream().anyMatch(KueueIT::evicted)).findFirst().orElseThrow();
            assertThat(retried.attempts).extracting(a -> a.outcome)
                    .as("the preempted attempt is a platform error; the next attempt succeeds")
                    .containsExactly(AttemptOutcome.PlatformError, AttemptOutcome.Succeeded);
            assertThat(retried.attempts.get(1).admissionTime).isNotNull();
            Awaitility.await("the urgent Job done").atMost(Duration.ofSeconds(30)).until(() -> finished(
                    ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("urgent").get()));
            assertThat(ns.kubectl(null, "get", "events", "--field-selector", "reason=Preempted", "-o", "name").output())
                    .as("Kueue itself preempted a workload").isNotBlank();
            System.out.println("[kueue-it] most unsuspended, unfinished Jobs at once: " + running.max());
            assertThat(running.max()).as("unsuspended, unfinished Jobs at any moment (the quota fits two)").isEqualTo(2);
        } catch (Throwable t) {
            printLogTail(kueue.log());
            throw t;
        } finally {
            if (watch != null) {
                watch.close();
            }
            try {
                cleanUp(ns, cluster);
            } catch (RuntimeException e) {
                System.out.println("[kueue-it] clean-up failed: " + e);
            }
            kueue.stop();
        }
    }

    /** A flavor, a ClusterQueue of 2 CPUs for this namespace only, preempting lower priorities, a priority class, a LocalQueue. */
    private static String queues(String cluster, String namespace) {
        return """
                apiVersion: %1$s
                kind: ResourceFlavor
                metadata: {name: %2$s}
                ---
                apiVersion: %1$s
                kind: ClusterQueue
                metadata: {name: %2$s}
                spec:
                  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: %3$s}}
                  preemption: {withinClusterQueue: LowerPriority}
                  resourceGroups:
                    - coveredResources: [cpu]
                      flavors: [{name: %2$s, resources: [{name: cpu, nominalQuota: 2}]}]
                ---
                apiVersion: %1$s
                kind: WorkloadPriorityClass
                metadata: {name: %2$s-urgent}
                value: 1000
                ---
                apiVersion: %1$s
                kind: LocalQueue
                metadata: {name: steps}
                spec: {clusterQueue: %2$s}
                """.formatted(KUEUE, cluster, namespace);
    }

    /** Not Baton's: a Job of higher priority in the same queue, which Kueue makes room for by preemption. */
    private static String urgentJob(String cluster) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: urgent
                  labels: {kueue.x-k8s.io/queue-name: steps, kueue.x-k8s.io/priority-class: %s-urgent}
                spec:
                  suspend: true
                  backoffLimit: 0
                  template:
                    metadata: {annotations: {kwok.baton.dev/duration: "2s"}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox, resources: {requests: {cpu: "1"}}}]
                """.formatted(cluster);
    }

    private static boolean active(TestNamespace ns, String cluster) {
        var cq = ns.client().genericKubernetesResources(KUEUE, "ClusterQueue").withName(cluster).get();
        Object status = cq == null ? null : cq.getAdditionalProperties().get("status");
        return status != null && status.toString().contains("type=Active") && status.toString().contains("status=True");
    }

    /** The work step of every iteration. */
    private static List<StepStatus> works(TestNamespace ns) {
        return ns.children("kq-1").stream().filter(c -> c.getStatus() != null && c.getStatus().steps != null)
                .flatMap(c -> c.getStatus().steps.stream()).filter(s -> "work".equals(s.name)).toList();
    }

    private static AttemptStatus last(StepStatus s) {
        return s.attempts == null || s.attempts.isEmpty() ? null : s.attempts.get(s.attempts.size() - 1);
    }

    private static boolean evicted(AttemptStatus a) {
        return a.outcome == AttemptOutcome.PlatformError && "Evicted".equals(a.reason);
    }

    private static boolean finished(Job job) {
        return job != null && job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    /** Counts, at every event, the namespace's Jobs that are unsuspended and not finished: those Kueue let run. */
    private static final class RunningJobs implements Watcher<Job> {
        private final Map<String, Boolean> running = new HashMap<>();
        private int max;

        @Override
        public synchronized void eventReceived(Action action, Job job) {
            boolean runs = action != Action.DELETED && !Boolean.TRUE.equals(job.getSpec().getSuspend()) && !finished(job);
            running.put(job.getMetadata().getName(), runs);
            max = Math.max(max, (int) running.values().stream().filter(b -> b).count());
        }

        @Override
        public void onClose(WatcherException cause) {
            if (cause != null) {
                throw new IllegalStateException("the Job watch broke: a count could be missed", cause);
            }
        }

        synchronized int max() {
            return max;
        }
    }

    /**
     * Kueue's finalizers hold its Workloads and queues until Kueue lets them go: the test's Jobs go first
     * while Kueue still runs, then the cluster-scoped objects; a finalizer left behind is removed.
     */
    private static void cleanUp(TestNamespace ns, String cluster) {
        var client = ns.client();
        client.resources(WorkflowInstance.class).inNamespace(ns.name()).delete();
        client.batch().v1().jobs().inNamespace(ns.name()).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                .delete();
        var workloads = client.genericKubernetesResources(KUEUE, "Workload").inNamespace(ns.name());
        try {
            Awaitility.await("Workloads gone").atMost(Duration.ofSeconds(30)).until(() -> workloads.list().getItems().isEmpty());
        } catch (RuntimeException e) {
            System.out.println("[kueue-it] Workloads left: " + e.getMessage());
        }
        for (String kind : List.of("LocalQueue", "ClusterQueue", "ResourceFlavor", "WorkloadPriorityClass")) {
            var objects = "LocalQueue".equals(kind) ? client.genericKubernetesResources(KUEUE, kind).inNamespace(ns.name()).withName("steps")
                    : client.genericKubernetesResources(KUEUE, kind).withName("WorkloadPriorityClass".equals(kind) ? cluster + "-urgent" : cluster);
            objects.delete();
            try {
                Awaitility.await(kind + " gone").atMost(Duration.ofSeconds(10)).until(() -> objects.get() == null);
            } catch (RuntimeException e) {
                objects.edit(o -> {
                    o.getMetadata().setFinalizers(List.of());
                    return o;
                });
            }
        }
        workloads.list().getItems().forEach(w -> workloads.withName(w.getMetadata().getName()).edit(o -> {
            o.getMetadata().setFinalizers(List.of());
            return o;
        }));
    }

    private static void printLogTail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            System.out.println("----- Kueue log (last 80 lines) -----");
            all.subList(Math.max(0, all.size() - 80), all.size()).forEach(System.out::println);
        } catch (Exception e) {
            System.out.println("no Kueue log: " + e.getMessage());
        }
    }
}
