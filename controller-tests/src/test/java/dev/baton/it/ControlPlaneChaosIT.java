package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 22, point 7: the control plane fails under load. While some 300 steps of a mixed workflow run
 * (Jobs, bare Pods, a foreach, a subworkflow, a retry, conditions), kube-apiserver and etcd are killed
 * with SIGKILL and started again, a TCP proxy between the operator and the API server resets connections
 * at random and then stalls them past the client's timeouts, and the operator itself is killed now and
 * then. Every instance must end as it would have, every attempt must have run once (one Job or bare Pod
 * per attempt in the statuses, one pod per Job), and the operator must be idle afterwards. Recovery
 * times (fault over → next progress in a status) are printed.
 * <p>
 * The short form runs in `make test` (CI); `BATON_CHAOS=long` (or -Dbaton.chaos=long) runs more
 * instances and three rounds of faults, from `make bench-chaos`.
 */
@ExtendWith(BatonCluster.class)
class ControlPlaneChaosIT {
    /** Size of the run and of the faults. */
    record Scale(String name, int instances, int concurrency, int rounds, Duration drop, Duration stall, Duration down) {
        static Scale fromEnvironment() {
            String chosen = System.getProperty("baton.chaos", System.getenv().getOrDefault("BATON_CHAOS", "short"));
            return chosen.equals("long")
                    ? new Scale("long", 40, 6, 3, Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(10))
                    : new Scale("short", 10, 3, 1, Duration.ofSeconds(12), Duration.ofSeconds(25), Duration.ofSeconds(4));
        }
    }

    /** An idle operator's CPU use: timers and metrics only. A spinning thread uses a whole core. */
    private static final double IDLE_CPU_SHARE = 0.05;

    @Test
    void everyInstanceEndsAsItWouldHaveAndEveryAttemptRunsOnceWhileTheControlPlaneFails(TestNamespace ns) throws Exception {
        Scale scale = Scale.fromEnvironment();
        long seed = Long.getLong("baton.seed", System.nanoTime());
        Path repo = ns.file("");
        LocalControlPlane cluster = LocalControlPlane.of(repo, BatonCluster.kubeconfig());
        List<String> report = new ArrayList<>();
        Instant start = Instant.now();
        // The shared operator talks to the API server directly; this test's own one goes through the proxy.
        ns.operator().stop();
        try (TcpProxy proxy = new TcpProxy(cluster.apiServer(), seed)) {
            Path target = repo.resolve("controller-tests/target");
            OperatorProcess operator = new OperatorProcess(repo, cluster.kubeconfigThrough(proxy.port(), target.resolve("chaos-kubeconfig")),
                    target.resolve("operator-chaos.log"), Map.of());
            Files.deleteIfExists(operator.log());
            operator.start();
            try (ProgressMonitor progress = new ProgressMonitor(ns)) {
                ns.apply(MixedRun.yaml(scale.instances(), scale.concurrency()));
                injectFaults(schedule(scale, new ControlPlaneFaults(cluster, proxy, operator)), progress, report);
                awaitEnd(progress, Duration.ofMinutes(5), operator);
                report.add(String.format("run of %d instances (%d pod steps) ended %ds after it started; proxy: %s", scale.instances(),
                        scale.instances() * MixedRun.podsPerInstance(), Duration.between(start, Instant.now()).toSeconds(), proxy.counts()));
                report.add(OperatorIdleness.assertIdle(operator, IDLE_CPU_SHARE));
            } finally {
                operator.stop();
            }
        } finally {
            cluster.restoreIfBroken();
            ns.operator().start();
            System.out.printf("[control-plane-chaos] %s form, seed %d (-Dbaton.seed=%d replays the proxy's choices)%n",
                    scale.name(), seed, seed);
            report.forEach(line -> System.out.println("[control-plane-chaos] " + line));
        }
        assertEveryInstanceEndedAsExpected(ns, scale.instances());
        assertEveryAttemptRanOnce(ns);
    }

    private static List<ControlPlaneFaults.Fault> schedule(Scale scale, ControlPlaneFaults faults) {
        List<ControlPlaneFaults.Fault> all = new ArrayList<>();
        for (int round = 0; round < scale.rounds(); round++) {
            all.add(faults.dropConnections(scale.drop()));
            all.add(faults.killApiServer(scale.down()));
            all.add(faults.killOperator());
            all.add(faults.killEtcd(scale.down()));
            all.add(faults.stallConnections(scale.stall()));
            all.add(faults.killApiServerAndOperator(scale.down()));
        }
        return all;
    }

    /** One fault after the other, each once the run has moved since the last, timing every recovery. */
    private static void injectFaults(List<ControlPlaneFaults.Fault> faults, ProgressMonitor progress, List<String> report) throws Exception {
        for (ControlPlaneFaults.Fault fault : faults) {
            boolean underLoad = !progress.allEnded();
            Instant began = Instant.now();
            Instant over = fault.inject();
            Optional<Duration> recovery = progress.awaitProgressAfter(over, Duration.ofMinutes(2));
            String line = String.format("%-55s lasted %5.1fs, progress %s", fault.name(), seconds(Duration.between(began, over)),
                    recovery.map(d -> String.format("%.1fs after it", seconds(d)))
                            .orElse(progress.allEnded() ? "- (run over)" : "NONE within 2 min"));
            report.add(underLoad ? line : line + " (injected after the run ended)");
            System.out.println("[control-plane-chaos] " + line);
            assertThat(recovery.isPresent() || progress.allEnded()).as("progress after: " + fault.name()).isTrue();
        }
    }

    private static void awaitEnd(ProgressMonitor progress, Duration atMost, OperatorProcess operator) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (!progress.allEnded()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the run did not end within " + atMost + " of the last fault; see " + operator.log());
            }
            Thread.sleep(500);
        }
    }

    private static void assertEveryInstanceEndedAsExpected(TestNamespace ns, int instances) {
        List<WorkflowInstance> all = ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems();
        List<String> roots = MixedRun.topLevelNames(instances);
        assertThat(all.stream().map(i -> i.getMetadata().getName())).containsAll(roots);
        all.stream().filter(i -> roots.contains(i.getMetadata().getName())).forEach(MixedRun::assertEndedAsExpected);
        // Children: every loop iteration and one subworkflow run per top-level instance, none more.
        all.stream().filter(i -> !roots.contains(i.getMetadata().getName())).forEach(MixedRun::assertChildEndedAsExpected);
        assertThat(all).hasSize(instances * (1 + MixedRun.ITERATIONS + 1));
    }

    /**
     * Counts Jobs and bare Pods (the attempts' objects; a Job's pods belong to their Job) against the
     * attempts the statuses record: exactly one object per recorded attempt, and no object of an attempt
     * the statuses do not know.
     */
    private static void assertEveryAttemptRanOnce(TestNamespace ns) {
        Map<String, Long> recorded = new java.util.HashMap<>();
        for (WorkflowInstance i : ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems()) {
            for (StepStatus s : i.getStatus().steps) {
                for (AttemptStatus a : s.attempts) {
                    if (a.job != null || a.pod != null) {
                        recorded.merge(i.getMetadata().getName() + "/" + s.name + "/" + a.number, 1L, Long::sum);
                    }
                }
            }
        }
        List<HasMetadata> objects = new ArrayList<>(ns.jobs());
        ns.pods().stream().filter(p -> p.getMetadata().getOwnerReferences().stream().noneMatch(o -> o.getKind().equals("Job")))
                .forEach(objects::add);
        Map<String, Long> ran = objects.stream().collect(Collectors.groupingBy(o -> Stream.of(
                "baton.dev/instance", "baton.dev/step", "baton.dev/attempt").map(o.getMetadata().getLabels()::get)
                .collect(Collectors.joining("/")), Collectors.counting()));
        assertThat(ran).as("Jobs and bare Pods per attempt").isEqualTo(recorded);
        assertThat(recorded).allSatisfy((attempt, n) -> assertThat(n).as(attempt).isEqualTo(1L));
        // A Job's pods are Kubernetes' Job controller's: when its create request fails midway (kube-apiserver
        // killed after storing the pod), it creates another, which its documentation allows ("the same program
        // may sometimes be started twice"). Baton's guarantee is one Job per attempt (above); a Job with a
        // second pod must show that the Job controller's own create failed, never anything Baton did.
        Map<String, Long> podsPerJob = ns.pods().stream()
                .flatMap(p -> p.getMetadata().getOwnerReferences().stream().filter(o -> o.getKind().equals("Job")))
                .collect(Collectors.groupingBy(o -> o.getName(), Collectors.counting()));
        assertThat(podsPerJob.keySet()).as("every Job has its pod").hasSize(ns.jobs().size());
        podsPerJob.forEach((job, pods) -> {
            if (pods > 1) {
                String events = ns.kubectl(null, "get", "events", "--field-selector", "involvedObject.name=" + job).output();
                System.out.println("[control-plane-chaos] Job " + job + " has " + pods + " pods: its controller's create failed midway");
                assertThat(events).as("Job %s has %d pods: only the Job controller's retried create may cause that", job, pods)
                        .contains("FailedCreate");
            }
        });
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
