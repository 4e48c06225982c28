package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exit hooks (spec.onExit) on the real control plane: examples/exit-hooks.yaml after a success and after a
 * failure, with the operator killed with SIGKILL while a hook runs: the new operator finds the hook's Job
 * and creates no second one.
 */
@ExtendWith(BatonCluster.class)
class ExitHooksIT {
    private static final Duration END = Duration.ofSeconds(120);

    @Test
    void hooksRunAfterEachOutcomeAndOnceAcrossAnOperatorKill(TestNamespace ns) throws Exception {
        ns.applyFile("examples/exit-hooks.yaml");
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: nightly-load-broken}
                spec: {workflowRef: {name: nightly-load}, params: {broken: true}}
                """);
        Awaitility.await("cleanup of nightly-load-1 to run").atMost(END).pollInterval(Duration.ofMillis(200))
                .until(() -> phaseOf(ns, "nightly-load-1", "cleanup") == StepPhase.Running);
        WorkflowInstance hooking = ns.instance("nightly-load-1");
        assertThat(hooking.getStatus().phase).as("the hooks hold the instance").isEqualTo(InstancePhase.Running);
        assertThat(ns.instance("nightly-load-broken").getStatus().phase).as("Sequential: the hooks hold the run slot")
                .isEqualTo(InstancePhase.Queued);
        assertThat(condition(hooking)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).contains("exit hooks running: cleanup");
        });

        ns.operator().kill();
        ns.operator().start();

        WorkflowInstance ok = ns.awaitEnd("nightly-load-1", END);
        WorkflowInstance broken = ns.awaitEnd("nightly-load-broken", END);
        assertThat(ok.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(phases(ok)).isEqualTo("extract=Succeeded validate=Skipped load=Succeeded"
                + " cleanup=Succeeded publish=Succeeded alert=Skipped");
        assertThat(broken.getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(phases(broken)).isEqualTo("extract=Succeeded validate=Failed load=Succeeded"
                + " cleanup=Succeeded publish=Skipped alert=Succeeded");
        for (WorkflowInstance i : List.of(ok, broken)) {
            assertThat(i.getStatus().steps).filteredOn(s -> Boolean.TRUE.equals(s.exitHook)).extracting(s -> s.name)
                    .containsExactly("cleanup", "publish", "alert");
            assertThat(condition(i)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("ExitHooksEnded");
            });
        }
        assertThat(env(ns, "nightly-load-1-cleanup-1", "PHASE")).isEqualTo("Succeeded");
        assertThat(env(ns, "nightly-load-broken-cleanup-1", "PHASE")).isEqualTo("Failed");
        assertThat(env(ns, "nightly-load-broken-alert-1", "FAILED")).isEqualTo("[\"validate\"]");
        assertThat(broken.getStatus().message).contains("step validate failed");

        // The kill came while cleanup ran: one Job and one Pod for it, attempt 1, as for every other step.
        for (String instance : List.of("nightly-load-1", "nightly-load-broken")) {
            assertThat(ns.step(instance, "cleanup").attempts).hasSize(1);
            assertThat(jobsOf(ns, instance, "cleanup")).extracting(j -> j.getMetadata().getName())
                    .containsExactly(instance + "-cleanup-1");
            assertThat(ns.pods()).filteredOn(p -> instance.equals(p.getMetadata().getLabels().get(Labels.INSTANCE))
                    && "cleanup".equals(p.getMetadata().getLabels().get(Labels.STEP))).hasSize(1);
        }
        // Events are best-effort: one recorded as the operator is killed may be lost, so each that exists must
        // name its instance's outcome, and at least one must exist.
        List<String> started = ns.kubectl(null, "get", "events", "--field-selector", "reason=ExitHooksStarted").output()
                .lines().filter(l -> l.contains("ExitHooksStarted")).toList();
        assertThat(started).isNotEmpty().allSatisfy(l -> assertThat(l).satisfiesAnyOf(
                e -> assertThat(e).contains("workflowinstance/nightly-load-1 ").contains("the graph ended Succeeded: running exit hooks cleanup"),
                e -> assertThat(e).contains("workflowinstance/nightly-load-broken").contains("the graph ended Failed: running exit hooks cleanup, alert")));
    }

    /**
     * Bad exit hooks: a `when` outside its enum is refused by the API server; a hook that depends on a step
     * or takes a step's name makes the workflow invalid, each error naming its field, and runs nothing.
     */
    @Test
    void badExitHooksAreRefusedNamingTheField(TestNamespace ns) {
        TestNamespace.Kubectl refused = ns.kubectl("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: refused}
                spec:
                  steps: [{name: a, noop: {}}]
                  onExit: [{name: h, when: Sometimes, noop: {}}]
                """, "apply", "-f", "-");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("spec.onExit[0].when", "Sometimes");
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: bad-hooks}
                spec:
                  steps: [{name: a, noop: {}}]
                  onExit: [{name: h, dependsOn: [a], noop: {}}, {name: a, noop: {}}]
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: bad-hooks-1}
                spec: {workflowRef: {name: bad-hooks}}
                """);
        WorkflowInstance run = ns.awaitEnd("bad-hooks-1", END);
        assertThat(run.getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(run.getStatus().message).contains(
                "spec.onExit[0].dependsOn[0]: \"a\" is a step of spec.steps: an exit hook starts once every step has ended",
                "spec.onExit[1].name: duplicate step name \"a\" (also a step of spec.steps)");
        assertThat(ns.jobs()).isEmpty();
    }

    private static StepPhase phaseOf(TestNamespace ns, String instance, String step) {
        WorkflowInstance i = ns.instance(instance);
        return i == null || i.getStatus() == null || i.getStatus().steps == null ? null : i.getStatus().steps.stream()
                .filter(s -> s.name.equals(step)).map(s -> s.phase).findFirst().orElse(null);
    }

    private static Condition condition(WorkflowInstance i) {
        return i.getStatus().conditions.stream().filter(c -> c.getType().equals("RunningExitHooks")).findFirst()
                .orElseThrow(() -> new AssertionError("no RunningExitHooks condition: " + i.getStatus().conditions));
    }

    private static String phases(WorkflowInstance i) {
        return i.getStatus().steps.stream().map(s -> s.name + "=" + s.phase).collect(Collectors.joining(" "));
    }

    private static List<Job> jobsOf(TestNamespace ns, String instance, String step) {
        return ns.jobs().stream().filter(j -> instance.equals(j.getMetadata().getLabels().get(Labels.INSTANCE))
                && step.equals(j.getMetadata().getLabels().get(Labels.STEP))).toList();
    }

    private static String env(TestNamespace ns, String job, String name) {
        Job j = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName(job).get();
        assertThat(j).as("Job " + job).isNotNull();
        return j.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name)).map(e -> e.getValue()).findFirst().orElse(null);
    }
}
