package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.Labels;
import dev.baton.it.realnode.NodeProcess;
import dev.baton.it.realnode.RealNode;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas installed by the chart with its default lease settings, on the real node. Killing the leader's JVM
 * (SIGKILL: a crash, which releases nothing) in the middle of a 200-step run: the other replica takes the Lease
 * and the run goes on, ending with every step attempted exactly once and one Job per step; the takeover is
 * measured. Then freezing the new leader (SIGSTOP) past its lease: the other replica takes over and runs what is
 * left and a run started meanwhile; once thawed, the old leader's stale writes are refused by its LeaseFence (no step
 * goes back, none is attempted twice) and it exits (status 1, from losing the Lease) to come back as a follower.
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class FailoverIT {
    private static final String LEASE = "baton-leader";
    /** The goal for a takeover with the default lease settings. */
    private static final Duration TAKEOVER_GOAL = Duration.ofSeconds(15);
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration END = Duration.ofSeconds(120);

    @Test
    void aKilledLeaderIsReplacedMidRunWithEveryStepRunOnceAndAThawedOneIsFencedAndExits(TestNamespace ns) throws Exception {
        String registry = HelmOperator.registryWithTheImage(ns);
        Path values = HelmChart.values(ns.file("controller-tests/target/helm-values"), ns.name() + "-failover.yaml",
                HelmOperator.values(ns, registry, HelmOperator.TAG) + "replicaCount: 2\n");
        NodeProcess frozen = null;
        ns.operator().stop(); // the host's operator watches every namespace: this test's operators are the chart's
        try {
            new HelmChart(ns.file("")).install(HelmOperator.RELEASE, ns.name(), BatonCluster.kubeconfig(), values);
            killTheLeaderMidRun(ns);
            frozen = NodeProcess.of(awaitTwoReadyAndALeader(ns), "java");
            freezeTheLeaderPastItsLease(ns, frozen);
        } catch (AssertionError | RuntimeException e) {
            System.out.println(HelmOperator.diagnostics(ns));
            throw e;
        } finally {
            if (frozen != null && frozen.alive()) {
                frozen.signal("CONT"); // a stopped JVM would not hear uninstall's SIGTERM
            }
            HelmChart.uninstall(HelmOperator.RELEASE, ns.name(), BatonCluster.kubeconfig());
            ns.operator().start();
        }
    }

    private static void killTheLeaderMidRun(TestNamespace ns) throws Exception {
        Pod leader = awaitTwoReadyAndALeader(ns);
        ns.apply(layers("wide", 20, 10, "1s") + instance("wide-1", "wide"));
        awaitSucceeded(ns, "wide-1", 40);

        String killedLeader = holder(ns);
        long killed = System.nanoTime();
        NodeProcess.of(leader, "java").signal("KILL");
        int before = succeeded(ns.instance("wide-1")); // nobody writes the status from here until the takeover
        String successor = awaitAnotherHolder(ns, killedLeader);
        double takeover = seconds(killed);
        Awaitility.await("wide-1 to make progress under the new leader").atMost(END).pollInterval(Duration.ofMillis(200))
                .until(() -> succeeded(ns.instance("wide-1")) > before);
        double progress = seconds(killed);
        // Whoever first finds the Lease expired takes it: the standby, or the killed pod's restarted container.
        System.out.printf("[failover] takeover %.1f s (Lease held by %s, %s), run progressing again %.1f s after the kill%n",
                takeover, successor, pod(successor).equals(leader.getMetadata().getName()) ? "the killed pod's new container"
                        : "the standby", progress);
        assertThat(takeover).as("seconds from the leader's kill to another replica holding the Lease")
                .isLessThan(TAKEOVER_GOAL.toSeconds());

        WorkflowInstance run = ns.awaitEnd("wide-1", END);
        assertThat(run.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertEveryStepRanOnce(ns, run, 200);
    }

    /**
     * Freezes the leader during a run until another replica holds the Lease, and thaws it at once (frozen past its
     * lease, but not for the liveness probe's three failures: the test must see it exit by itself). The new leader
     * finishes that run and one started during the freeze while the old one wakes with its stale caches: from the
     * thaw on, no step may go back or get a second attempt (what its stale status or Job writes would do), and the
     * old leader exits with status 1, having lost the Lease.
     */
    private static void freezeTheLeaderPastItsLease(TestNamespace ns, NodeProcess leader) throws Exception {
        String frozenLeader = holder(ns);
        String frozenPod = pod(frozenLeader);
        ns.apply(layers("small", 6, 2, "2s") + instance("small-1", "small"));
        awaitSucceeded(ns, "small-1", 3);

        long froze = System.nanoTime();
        leader.signal("STOP");
        ns.apply(instance("small-2", "small")); // only the next leader can run it
        String successor = awaitAnotherHolder(ns, frozenLeader);
        double takeover = seconds(froze);
        assertThat(pod(successor)).as("the new leader's pod").isNotEqualTo(frozenPod);
        Instant frozeAt = Instant.now().minusNanos(System.nanoTime() - froze);

        // Frozen past its lease: the Lease has moved (its 10 s run from the last renewal, up to 2 s before the freeze).
        long thawed = System.nanoTime();
        double frozenFor = seconds(froze);
        leader.signal("CONT");
        List<String> regressions = new ArrayList<>();
        Map<String, Set<String>> done = new HashMap<>();
        double[] exited = {-1};
        Awaitility.await("small-1 and small-2 to end, and " + frozenPod + " to exit").atMost(END).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (exited[0] < 0 && !leader.alive()) {
                        exited[0] = seconds(thawed);
                    }
                    boolean ended = true;
                    for (String name : List.of("small-1", "small-2")) {
                        WorkflowInstance run = ns.instance(name);
                        regressions.addAll(regressions(name, run, done.computeIfAbsent(name, k -> new HashSet<>())));
                        ended &= ended(run);
                    }
                    return ended && exited[0] >= 0;
                });
        Awaitility.await(frozenPod + "'s exit to be reported").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> exitCode(ns, frozenPod, frozeAt) != null);
        int exitCode = exitCode(ns, frozenPod, frozeAt);
        // What it tried: the LeaseFence refuses a write of a replica whose last renewal is older than the renew deadline.
        long fenced = ns.kubectl(null, "logs", frozenPod, "--previous").output().lines().filter(l -> l.contains("not sent: ")).count();
        System.out.printf("[failover] freeze: Lease taken over %.1f s after SIGSTOP by %s; thawed after %.1f s; the old leader exited "
                + "%.1f s after thaw with status %s; steps gone back or attempted twice after thaw: %s; writes its fence refused: %d%n",
                takeover, successor, frozenFor, exited[0], exitCode, regressions, fenced);

        assertThat(takeover).as("seconds from the freeze to another replica holding the Lease").isLessThan(TAKEOVER_GOAL.toSeconds());
        assertThat(exitCode).as("the old leader exited on losing the Lease (Quarkus.asyncExit(1)), not killed by its liveness probe").isEqualTo(1);
        assertThat(regressions).as("steps that went back or were attempted twice after the thaw").isEmpty();
        for (String name : List.of("small-1", "small-2")) {
            assertThat(ns.instance(name).getStatus().phase).as(name).isEqualTo(InstancePhase.Succeeded);
            assertEveryStepRanOnce(ns, ns.instance(name), 12);
        }
        assertThat(holder(ns)).as("the Lease stays the new leader's").isEqualTo(successor);
    }

    /**
     * What a stale write would show: a step seen Succeeded that is no longer, or a step with a second attempt.
     * {@code done} keeps the steps seen Succeeded across calls.
     */
    private static List<String> regressions(String name, WorkflowInstance run, Set<String> done) {
        List<String> found = new ArrayList<>();
        if (run == null || run.getStatus() == null || run.getStatus().steps == null) {
            return found;
        }
        for (var step : run.getStatus().steps) {
            if (step.phase == StepPhase.Succeeded) {
                done.add(step.name);
            } else if (done.contains(step.name)) {
                found.add(name + "/" + step.name + " went back to " + step.phase);
            }
            if (step.attempts.size() > 1) {
                found.add(name + "/" + step.name + " has " + step.attempts.size() + " attempts");
            }
        }
        return found;
    }

    /** Every step Succeeded with one attempt, and exactly one Job per step: no duplicate attempt, none lost. */
    private static void assertEveryStepRanOnce(TestNamespace ns, WorkflowInstance run, int steps) {
        assertThat(run.getStatus().steps).hasSize(steps).allSatisfy(s -> {
            assertThat(s.phase).as(s.name).isEqualTo(StepPhase.Succeeded);
            assertThat(s.attempts).as("%s's attempts", s.name).hasSize(1);
        });
        List<Job> jobs = ns.client().batch().v1().jobs().inNamespace(ns.name())
                .withLabel(Labels.INSTANCE, run.getMetadata().getName()).list().getItems();
        Map<String, Long> perStep = jobs.stream().collect(Collectors.groupingBy(j -> j.getMetadata().getLabels().get(Labels.STEP),
                Collectors.counting()));
        assertThat(perStep).as("Jobs per step of %s", run.getMetadata().getName()).hasSize(steps)
                .allSatisfy((step, n) -> assertThat(n).as(step).isEqualTo(1L));
    }

    /** A DAG of {@code width} independent chains {@code depth} steps long, on kwok's nodes, each step running {@code duration}. */
    static String layers(String name, int width, int depth, String duration) {
        String steps = IntStream.range(0, depth).boxed().flatMap(l -> IntStream.range(0, width).mapToObj(c ->
                "    - {name: s%d-%d, bash: {script: \"true\"}%s}\n".formatted(l, c,
                        l == 0 ? "" : ", dependsOn: [s%d-%d]".formatted(l - 1, c)))).collect(Collectors.joining());
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: %s}
                spec:
                  defaults: {podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "%s"}}}}
                  steps:
                %s---
                """.formatted(name, duration, steps);
    }

    private static String instance(String name, String workflow) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: %s}
                spec: {workflowRef: {name: %s}}
                ---
                """.formatted(name, workflow);
    }

    /** Both replicas Ready (probes passed) and one of them holding the Lease; returns the leader's pod. */
    private static Pod awaitTwoReadyAndALeader(TestNamespace ns) {
        Awaitility.await("two Ready operator pods, one of them leading").atMost(START).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    List<Pod> pods = HelmOperator.pods(ns);
                    String holder = holder(ns);
                    return holder != null && pods.size() == 2 && pods.stream().allMatch(Readiness::isPodReady)
                            && pods.stream().anyMatch(p -> p.getMetadata().getName().equals(pod(holder)));
                });
        String leader = pod(holder(ns));
        return HelmOperator.pods(ns).stream().filter(p -> p.getMetadata().getName().equals(leader)).findFirst().orElseThrow();
    }

    private static String awaitAnotherHolder(TestNamespace ns, String old) {
        Awaitility.await("another replica to hold the Lease").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> holder(ns) != null && !holder(ns).equals(old));
        return holder(ns);
    }

    /** The Lease's holder: the identity of the process that leads, {@code <pod name>_<uuid>} (LeaderElection.identity). */
    private static String holder(TestNamespace ns) {
        Lease lease = ns.client().leases().inNamespace(ns.name()).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static String pod(String identity) {
        return identity.substring(0, identity.lastIndexOf('_'));
    }

    private static int awaitSucceeded(TestNamespace ns, String instance, int atLeast) {
        Awaitility.await(instance + " to have " + atLeast + " steps succeeded").atMost(END).pollInterval(Duration.ofMillis(200))
                .until(() -> succeeded(ns.instance(instance)) >= atLeast);
        WorkflowInstance run = ns.instance(instance);
        assertThat(ended(run)).as("%s still running, to be interrupted", instance).isFalse();
        return succeeded(run);
    }

    private static int succeeded(WorkflowInstance run) {
        return run == null || run.getStatus() == null || run.getStatus().steps == null ? 0
                : (int) run.getStatus().steps.stream().filter(s -> s.phase == StepPhase.Succeeded).count();
    }

    private static boolean ended(WorkflowInstance run) {
        return run != null && run.getStatus() != null && run.getStatus().phase != null && run.getStatus().phase.terminal();
    }

    /**
     * The exit status of the pod's container that ended after {@code since}, null while none has: the kubelet may
     * hold a second crash's restart back (CrashLoopBackOff), so the ended container is the current or the last one.
     */
    private static Integer exitCode(TestNamespace ns, String pod, Instant since) {
        ContainerStatus c = ns.client().pods().inNamespace(ns.name()).withName(pod).get().getStatus().getContainerStatuses().get(0);
        return Stream.of(c.getState(), c.getLastState()).map(ContainerState::getTerminated)
                .filter(t -> t != null && t.getFinishedAt() != null && Instant.parse(t.getFinishedAt()).isAfter(since))
                .map(ContainerStateTerminated::getExitCode).findFirst().orElse(null);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
