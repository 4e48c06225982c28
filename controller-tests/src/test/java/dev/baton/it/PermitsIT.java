package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.ConcurrencyLimit;
import dev.baton.api.Permit;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared concurrency limits (ConcurrencyLimit, permits) on the real API server: never more holders than
 * the limit, counted every 150 ms from the instances' status, the step pods and the Permit objects; a
 * raised limit admits at once; deleted instances, killed steps and a kill -9 of the operator leak nothing.
 */
@ExtendWith(BatonCluster.class)
class PermitsIT {
    private static final Duration END = Duration.ofSeconds(150);
    /** What a run of one step with a permit takes at most when only its own events and its turn wake it. */
    private static final double RECONCILES_PER_RUN = 25;

    private static void limit(TestNamespace ns, String name, int limit) {
        ns.apply("apiVersion: baton.dev/v1alpha1\nkind: ConcurrencyLimit\nmetadata: {name: " + name + "}\nspec: {limit: " + limit + "}\n");
    }

    private static void instance(TestNamespace ns, String name, String workflow) {
        ns.apply("apiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: " + name
                + "}\nspec: {workflowRef: {name: " + workflow + "}}\n");
    }

    /** Holders of a permit at one moment, seen three ways, and the steps and runs that wait for it. */
    record Holders(int inStatus, int pods, int permits, int waiting) {
        int most() {
            return Math.max(inStatus, Math.max(pods, permits));
        }
    }

    /** Samples the holders of {@code permit} every 150 ms in the background and keeps the most seen. */
    static final class HolderCounter implements AutoCloseable {
        final AtomicInteger maxStatus = new AtomicInteger();
        final AtomicInteger maxPods = new AtomicInteger();
        final AtomicInteger maxPermits = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        private final Thread thread;
        private volatile boolean stop;

        HolderCounter(TestNamespace ns, String permit) {
            thread = new Thread(() -> {
                while (!stop) {
                    try {
                        Holders h = count(ns, permit);
                        maxStatus.accumulateAndGet(h.inStatus(), Math::max);
                        maxPods.accumulateAndGet(h.pods(), Math::max);
                        maxPermits.accumulateAndGet(h.permits(), Math::max);
                        samples.incrementAndGet();
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // A failed read (the API server busy) is one sample less, not a failed test.
                    }
                }
            }, "holder-counter");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5_000);
        }
    }

    /**
     * Running steps that name the permit plus runs that hold it whole (status); step pods that have not
     * ended, every pod here being a holder's; Permit objects whose grant is confirmed.
     */
    static Holders count(TestNamespace ns, String permit) {
        int inStatus = 0;
        int waiting = 0;
        for (WorkflowInstance i : ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems()) {
            var s = i.getStatus();
            if (s == null || s.phase == null) {
                continue;
            }
            if ((s.phase == InstancePhase.Running || s.phase == InstancePhase.Paused) && s.permits != null && s.permits.contains(permit)) {
                inStatus++;
            }
            if (s.phase == InstancePhase.Queued && s.permits != null && s.permits.contains(permit)) {
                waiting++;
            }
            for (StepStatus st : s.steps) {
                if (st.phase == StepPhase.Running && st.permits != null && st.permits.contains(permit)) {
                    inStatus++;
                }
                if (st.phase == StepPhase.WaitingForPermit) {
                    waiting++;
                }
            }
        }
        int pods = 0;
        for (Pod p : ns.pods()) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (p.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                pods++;
            }
        }
        int permits = (int) permits(ns).stream().filter(p -> p.getSpec().limit.equals(permit) && p.getSpec().grantedAt != null).count();
        return new Holders(inStatus, pods, permits, waiting);
    }

    static List<Permit> permits(TestNamespace ns) {
        return ns.client().resources(Permit.class).inNamespace(ns.name()).list().getItems();
    }

    static ConcurrencyLimit concurrencyLimit(TestNamespace ns, String name) {
        return ns.client().resources(ConcurrencyLimit.class).inNamespace(ns.name()).withName(name).get();
    }

    @Test
    void twoWorkflowsShareALimitOfTwoAndARaisedLimitAdmitsAtOnce(TestNamespace ns) throws Exception {
        limit(ns, "db", 2);
        // Steps that hold a permit each, and a workflow whose every run holds one from start to end.
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: steps}
                spec:
                  steps:
                    - {name: s1, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                    - {name: s2, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                    - {name: s3, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                    - {name: s4, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                    - {name: s5, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                    - {name: s6, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: whole}
                spec:
                  permits: [db]
                  runStrategy: {type: Parallel, concurrency: 10}
                  steps:
                    - {name: a, bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 3s}}}}
                """);
        try (HolderCounter counter = new HolderCounter(ns, "db")) {
            instance(ns, "steps-1", "steps");
            instance(ns, "whole-1", "whole");
            instance(ns, "whole-2", "whole");
            instance(ns, "whole-3", "whole");
            Awaitility.await("a step waiting for its permit").atMost(END).pollInterval(Duration.ofMillis(200)).until(() ->
                    ns.instance("steps-1").getStatus() != null && ns.instance("steps-1").getStatus().steps.stream()
                            .anyMatch(s -> s.phase == StepPhase.WaitingForPermit && s.message != null && s.message.contains("waiting for permit db")));
            Awaitility.await("a run waiting for its permit").atMost(END).pollInterval(Duration.ofMillis(200)).until(() ->
                    List.of("whole-1", "whole-2", "whole-3").stream().map(ns::instance).anyMatch(i -> i.getStatus() != null
                            && i.getStatus().phase == InstancePhase.Queued && i.getStatus().conditions.stream()
                            .anyMatch(c -> c.getType().equals("WaitingForPermit") && c.getStatus().equals("True")
                                    && c.getMessage().contains("waiting for permit db"))));
            ConcurrencyLimit seen = concurrencyLimit(ns, "db");
            assertThat(ns.kubectl(null, "get", "concurrencylimits").output()).contains("db");
            assertThat(counter.maxStatus.get()).as("holders before the raise").isLessThanOrEqualTo(2);

            Instant raised = Instant.now();
            ns.kubectl(null, "patch", "concurrencylimit", "db", "--type", "merge", "-p", "{\"spec\":{\"limit\":3}}");
            Awaitility.await("three holders at once after the raise").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> count(ns, "db").inStatus() == 3);
            Duration admitted = Duration.between(raised, Instant.now());
            System.out.printf("[permits] limit 2 -> 3: a third holder ran %d ms after the patch%n", admitted.toMillis());
            assertThat(admitted).as("a raised limit takes effect at once (a watch, not a poll)").isLessThan(Duration.ofSeconds(5));
            Awaitility.await("the holders listed in status").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> concurrencyLimit(ns, "db").getStatus() != null && concurrencyLimit(ns, "db").getStatus().held != null
                            && concurrencyLimit(ns, "db").getStatus().held > 0 && !concurrencyLimit(ns, "db").getStatus().holders.isEmpty());
            for (String i : List.of("steps-1", "whole-1", "whole-2", "whole-3")) {
                assertThat(ns.awaitEnd(i, END).getStatus().phase).as(i).isEqualTo(InstancePhase.Succeeded);
            }
            System.out.printf("[permits] %d samples: most holders in status %d, pods %d, Permits %d%n", counter.samples.get(),
                    counter.maxStatus.get(), counter.maxPods.get(), counter.maxPermits.get());
            assertThat(counter.samples.get()).isGreaterThan(20);
            assertThat(counter.maxStatus.get()).as("holders in status, ever").isEqualTo(3);
            assertThat(counter.maxPods.get()).as("step pods, ever").isLessThanOrEqualTo(3);
            assertThat(counter.maxPermits.get()).as("granted Permits, ever").isLessThanOrEqualTo(3);
            assertThat(seen.getStatus()).isNotNull();
        }
        Awaitility.await("every permit released").atMost(Duration.ofSeconds(30)).until(() -> permits(ns).isEmpty());
        Awaitility.await("status counts none").atMost(Duration.ofSeconds(30))
                .until(() -> Integer.valueOf(0).equals(concurrencyLimit(ns, "db").getStatus().held));
        assertThat(concurrencyLimit(ns, "db").getStatus().granted).as("one grant per holder").isEqualTo(9L);
    }

    /**
     * 20 runs through a limit of 1, each waiting behind all the others: a freed permit wakes only the waiter
     * first in line, and a grant (its Permit, its confirmation, the limit's status) wakes no other waiter. Waking
     * the whole queue on each of those events costs a reconcile per waiter per event. Counted from the
     * operator's reconcile metric, not timed.
     */
    @Test
    void aFreedPermitWakesTheNextWaiterNotTheWholeQueue(TestNamespace ns) throws Exception {
        int runs = 20;
        limit(ns, "db", 1);
        StringBuilder yaml = new StringBuilder("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: line}
                spec:
                  runStrategy: {type: Parallel, concurrency: 50}
                  steps:
                    - {name: a, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 1s}}}}
                """);
        runs(yaml, "line", "l-", runs);
        double before = reconciles(ns);
        ns.apply(yaml.toString());
        Awaitility.await("every run ended").atMost(END).pollInterval(Duration.ofSeconds(1)).until(() -> allEnded(ns, runs));
        double perRun = (reconciles(ns) - before) / runs;
        System.out.printf("[permits] %d runs through a limit of 1: %.1f reconciles per run%n", runs, perRun);
        for (int n = 0; n < runs; n++) {
            assertThat(ns.instance("l-" + n).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        }
        assertThat(perRun).as("reconciles per run: its own, not one per grant of every other run").isLessThan(RECONCILES_PER_RUN);
    }

    private static double reconciles(TestNamespace ns) throws Exception {
        return MetricsIT.sum(MetricsIT.scrape(ns), "baton_reconcile_seconds_count", java.util.Map.of());
    }

    @Test
    void aDeletedInstanceAKilledStepAndAStoppedRunReleaseTheirPermits(TestNamespace ns) throws Exception {
        limit(ns, "db", 1);
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: hog}
                spec:
                  runStrategy: {type: Parallel, concurrency: 10}
                  steps:
                    - {name: hog, permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 1h}}}}
                """);
        instance(ns, "h1", "hog");
        awaitStep(ns, "h1", StepPhase.Running);
        instance(ns, "h2", "hog");
        instance(ns, "h3", "hog");
        awaitStep(ns, "h2", StepPhase.WaitingForPermit);
        awaitStep(ns, "h3", StepPhase.WaitingForPermit);
        assertThat(count(ns, "db").inStatus()).isEqualTo(1);

        // A deleted holder: its Permit goes with it (owner reference), and the next waiter runs.
        ns.kubectl(null, "delete", "bwfi", "h1", "--wait=false");
        String next = awaitOneRunning(ns, List.of("h2", "h3"));
        String last = next.equals("h2") ? "h3" : "h2";
        assertThat(ns.step(last, "hog").phase).isEqualTo(StepPhase.WaitingForPermit);

        // A killed step: it fails and its permit goes to the last waiter.
        ns.kubectl(null, "patch", "bwfi", next, "--type", "merge", "-p",
                "{\"spec\":{\"actions\":[{\"id\":\"k1\",\"action\":\"Kill\",\"path\":\"hog\"}]}}");
        assertThat(ns.awaitEnd(next, END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        awaitStep(ns, last, StepPhase.Running);

        // A stopped run.
        ns.kubectl(null, "patch", "bwfi", last, "--type", "merge", "-p", "{\"spec\":{\"stop\":\"Stop\"}}");
        assertThat(ns.awaitEnd(last, END).getStatus().phase).isEqualTo(InstancePhase.Stopped);
        Awaitility.await("every permit released").atMost(Duration.ofSeconds(30)).until(() -> permits(ns).isEmpty());
        assertThat(count(ns, "db").inStatus()).isZero();
    }

    @Test
    void anUnknownPermitWaitsSayingSoAndALimitBelowOneIsRefused(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: unknown}
                spec:
                  steps:
                    - {name: a, permits: [later], bash: {script: x}}
                """);
        instance(ns, "u1", "unknown");
        awaitStep(ns, "u1", StepPhase.WaitingForPermit);
        assertThat(ns.step("u1", "a").message).isEqualTo("waiting for permit later (no ConcurrencyLimit later in namespace "
                + ns.name() + ": it waits until one is created)");
        limit(ns, "later", 1);
        assertThat(ns.awaitEnd("u1", Duration.ofSeconds(30)).getStatus().phase).isEqualTo(InstancePhase.Succeeded);

        for (String bad : List.of("0", "-1")) {
            TestNamespace.Kubectl r = ns.kubectl("apiVersion: baton.dev/v1alpha1\nkind: ConcurrencyLimit\nmetadata: {name: bad}\nspec: {limit: "
                    + bad + "}\n", "apply", "-f", "-");
            assertThat(r.exitCode()).as(r.output()).isNotZero();
            assertThat(r.output()).contains("spec.limit").contains("greater than or equal to 1");
        }
        TestNamespace.Kubectl missing = ns.kubectl("apiVersion: baton.dev/v1alpha1\nkind: ConcurrencyLimit\nmetadata: {name: bad}\nspec: {}\n",
                "apply", "-f", "-");
        assertThat(missing.output()).contains("spec.limit").contains("Required");
    }

    @Test
    void killingTheOperatorWhilePermitsAreHeldAndAwaitedLeaksAndDoubleGrantsNothing(TestNamespace ns) throws Exception {
        limit(ns, "db", 2);
        StringBuilder yaml = new StringBuilder("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: chaos}
                spec:
                  runStrategy: {type: Parallel, concurrency: 50}
                  steps:
                    - {name: a, permits: [db], executor: Pod, bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 2s}}}}
                    - {name: b, dependsOn: [a], permits: [db], bash: {script: x}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 1s}}}}
                """);
        int instances = 8;
        runs(yaml, "chaos", "c-", instances);
        int kills = 0;
        int killsWhileHeldAndAwaited = 0;
        try (HolderCounter counter = new HolderCounter(ns, "db")) {
            ns.apply(yaml.toString());
            Instant start = Instant.now();
            while (!allEnded(ns, instances) && Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(90)) < 0) {
                Thread.sleep(3_000 + (kills % 3) * 700L);
                if (!allEnded(ns, instances)) {
                    // While permits are held and others wait: the counter shows both in the log below.
                    Holders before = count(ns, "db");
                    ns.operator().kill();
                    kills++;
                    killsWhileHeldAndAwaited += before.permits() > 0 && before.waiting() > 0 ? 1 : 0;
                    System.out.printf("[permits] kill -9 #%d at %s%n", kills, before);
                    ns.operator().start();
                }
            }
            Awaitility.await().atMost(END).pollInterval(Duration.ofSeconds(1)).until(() -> allEnded(ns, instances));
            System.out.printf("[permits] %d instances x 2 steps, %d operator kills, %d samples: most holders in status %d,"
                            + " pods %d, Permits %d%n", instances, kills, counter.samples.get(), counter.maxStatus.get(),
                    counter.maxPods.get(), counter.maxPermits.get());
            assertThat(killsWhileHeldAndAwaited).as("kills while permits were held and others waited").isGreaterThanOrEqualTo(1);
            assertThat(counter.maxStatus.get()).as("holders in status, ever").isEqualTo(2);
            assertThat(counter.maxPods.get()).as("step pods, ever").isLessThanOrEqualTo(2);
            assertThat(counter.maxPermits.get()).as("granted Permits, ever").isLessThanOrEqualTo(2);
        }
        for (int n = 0; n < instances; n++) {
            WorkflowInstance i = ns.instance("c-" + n);
            assertThat(i.getStatus().phase).as(i.getMetadata().getName()).isEqualTo(InstancePhase.Succeeded);
            assertThat(i.getStatus().steps).allSatisfy(s -> assertThat(s.attempts).as(s.name + " attempted once").hasSize(1));
        }
        Awaitility.await("every permit released").atMost(Duration.ofSeconds(30)).until(() -> permits(ns).isEmpty());
    }

    /** Appends {@code count} instances of the workflow, named prefix0, prefix1... */
    private static void runs(StringBuilder yaml, String workflow, String prefix, int count) {
        for (int n = 0; n < count; n++) {
            yaml.append("---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: ").append(prefix).append(n)
                    .append("}\nspec: {workflowRef: {name: ").append(workflow).append("}}\n");
        }
    }

    private static boolean allEnded(TestNamespace ns, int instances) {
        List<WorkflowInstance> all = ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems();
        return all.size() == instances && all.stream().allMatch(i -> i.getStatus() != null && i.getStatus().phase != null
                && i.getStatus().phase.terminal());
    }

    private static void awaitStep(TestNamespace ns, String instance, StepPhase phase) {
        Awaitility.await(instance + " step in " + phase).atMost(END).pollInterval(Duration.ofMillis(200)).until(() -> {
            WorkflowInstance i = ns.instance(instance);
            return i != null && i.getStatus() != null && i.getStatus().steps.stream().anyMatch(s -> s.phase == phase);
        });
    }

    private static String awaitOneRunning(TestNamespace ns, List<String> names) {
        Awaitility.await("one of " + names + " running").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> names.stream().anyMatch(n -> ns.step(n, "hog").phase == StepPhase.Running));
        return names.stream().filter(n -> ns.step(n, "hog").phase == StepPhase.Running).findFirst().orElseThrow();
    }
}
