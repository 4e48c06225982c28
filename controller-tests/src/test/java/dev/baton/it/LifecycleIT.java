package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Retries by class, timeouts and the user's actions (kubectl patch), on the real control plane. */
@ExtendWith(BatonCluster.class)
class LifecycleIT {
    private static final Duration END = Duration.ofSeconds(90);

    private static String workflow(String name, String steps) {
        return "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: " + name + "}\nspec:\n  steps:\n" + steps;
    }

    private static String instance(String name, String workflow) {
        return "---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: " + name + "}\nspec: {workflowRef: {name: " + workflow + "}}\n";
    }

    private static String slowChain(int steps, String duration) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= steps; i++) {
            b.append("    - name: s").append(i).append('\n');
            if (i > 1) {
                b.append("      dependsOn: [s").append(i - 1).append("]\n");
            }
            b.append("      bash: {script: \"true\"}\n      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: \"")
                    .append(duration).append("\"}}}\n");
        }
        return b.toString();
    }

    private static void patch(TestNamespace ns, String instance, String json) {
        TestNamespace.Kubectl r = ns.kubectl(null, "patch", "bwfi", instance, "--type", "merge", "-p", json);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "user error     | kwok.baton.dev/exit-code: '4'                | {errors: 2, backoff: {type: Fixed, base: 2s}}                | UserError     | 3",
            "platform error | kwok.baton.dev/platform-failure: Evicted      | {platform: 1, backoff: {base: 1s, factor: 3}}               | PlatformError | 2",
            "timeout        | kwok.baton.dev/duration: '60s'               | {timeouts: 1, backoff: {type: Fixed, base: 1s}}, timeout: 2s | Timeout       | 2",
    })
    void eachErrorClassIsRetriedToItsLimitWithItsBackoff(String title, String annotation, String retry, AttemptOutcome cls,
                                                         int attempts, TestNamespace ns) {
        ns.apply(workflow("retry", "    - name: s\n      retry: " + retry.replace(", timeout:", "\n      timeout:") + "\n      bash: {script: x}\n"
                + "      podTemplate: {metadata: {annotations: {" + annotation + "}}}\n") + instance("retry-1", "retry"));
        assertThat(ns.awaitEnd("retry-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        List<AttemptStatus> a = ns.step("retry-1", "s").attempts;
        assertThat(a).hasSize(attempts).allSatisfy(x -> assertThat(x.outcome).isEqualTo(cls));
        for (int i = 1; i < a.size(); i++) {
            Duration wait = Duration.between(Instant.parse(a.get(i - 1).completionTime), Instant.parse(a.get(i).startTime));
            assertThat(wait).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        if (cls != AttemptOutcome.Timeout) {
            assertThat(ns.jobs()).as("each attempt is its own Job").hasSize(attempts);
        }
        if (cls == AttemptOutcome.PlatformError) {
            assertThat(a.get(0).reason).isEqualTo("Evicted");
        }
    }

    @Test
    void aStepPastItsTimeoutIsKilledAndCountsAsATimeout(TestNamespace ns) {
        ns.apply(workflow("slow", "    - name: s\n      timeout: 3s\n      bash: {script: x}\n"
                + "      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: \"60s\"}}}\n") + instance("slow-1", "slow"));
        assertThat(ns.awaitEnd("slow-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus s = ns.step("slow-1", "s");
        assertThat(s.attempts).singleElement().satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Timeout));
        Awaitility.await().atMost(END).until(() -> ns.jobs().isEmpty());
    }

    @Test
    void anInstancePastItsTimeoutIsTimedOut(TestNamespace ns) {
        ns.apply(workflow("late", slowChain(2, "60s")).replace("spec:\n  steps:", "spec:\n  timeout: 3s\n  steps:")
                + instance("late-1", "late"));
        assertThat(ns.awaitEnd("late-1", END).getStatus().phase).isEqualTo(InstancePhase.TimedOut);
        assertThat(ns.step("late-1", "s1").phase).isEqualTo(StepPhase.Stopped);
        assertThat(ns.step("late-1", "s2").phase).isEqualTo(StepPhase.Stopped);
    }

    @Test
    void suspendPausesAndResumeContinues(TestNamespace ns) {
        ns.apply(workflow("pausable", slowChain(3, "2s")) + instance("p-1", "pausable"));
        ns.awaitPhase("p-1", InstancePhase.Running, END);
        patch(ns, "p-1", "{\"spec\":{\"suspend\":true}}");
        ns.awaitPhase("p-1", InstancePhase.Paused, END);
        Awaitility.await().atMost(END).until(() -> ns.step("p-1", "s1").phase == StepPhase.Succeeded);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> ns.step("p-1", "s2").phase == StepPhase.Pending);
        assertThat(ns.instance("p-1").getStatus().phase).isEqualTo(InstancePhase.Paused);
        patch(ns, "p-1", "{\"spec\":{\"suspend\":false}}");
        assertThat(ns.awaitEnd("p-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
    }

    @ParameterizedTest
    @CsvSource({"Stop,Stopped", "Kill,Failed"})
    void stopAndKillEndTheRunAndDeleteItsPods(String stop, InstancePhase phase, TestNamespace ns) {
        ns.apply(workflow("long", slowChain(2, "60s")) + instance("l-1", "long"));
        Awaitility.await().atMost(END).until(() -> ns.pods().size() == 1);
        patch(ns, "l-1", "{\"spec\":{\"stop\":\"" + stop + "\"}}");
        assertThat(ns.awaitEnd("l-1", END).getStatus().phase).isEqualTo(phase);
        assertThat(ns.step("l-1", "s1").phase).isEqualTo(StepPhase.Stopped);
        Awaitility.await().atMost(END).until(() -> ns.jobs().isEmpty());
    }

    @Test
    void restartPoliciesRunTheRightStepsAgain(TestNamespace ns) {
        ns.apply(workflow("rs", """
                    - {name: a, bash: {script: x}}
                    - name: b
                      dependsOn: [a]
                      retry: {errors: 0}
                      bash: {script: x}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "2"}}}
                    - {name: c, dependsOn: [b], bash: {script: x}}
                """) + instance("rs-1", "rs"));
        assertThat(ns.awaitEnd("rs-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        patch(ns, "rs-1", "{\"spec\":{\"restart\":{\"policy\":\"FromIncomplete\",\"nonce\":\"1\"}}}");
        Awaitility.await().atMost(END).until(() -> ns.instance("rs-1").getStatus().run == 2
                && ns.instance("rs-1").getStatus().phase.terminal());
        assertThat(ns.step("rs-1", "b").attempts).extracting(x -> x.job).containsExactly("rs-1-b-2");
        assertThat(ns.step("rs-1", "a").attempts).extracting(x -> x.job).containsExactly("rs-1-a-1");
        patch(ns, "rs-1", "{\"spec\":{\"restart\":{\"policy\":\"FromBeginning\",\"nonce\":\"2\"}}}");
        Awaitility.await().atMost(END).until(() -> ns.instance("rs-1").getStatus().run == 3
                && ns.instance("rs-1").getStatus().phase.terminal());
        assertThat(ns.step("rs-1", "a").attempts).extracting(x -> x.job).containsExactly("rs-1-a-2");
        patch(ns, "rs-1", "{\"spec\":{\"restart\":{\"policy\":\"FromStep\",\"step\":\"nope\",\"nonce\":\"3\"}}}");
        Awaitility.await().atMost(END).until(() -> "3".equals(ns.instance("rs-1").getStatus().restartNonce));
        assertThat(ns.instance("rs-1").getStatus().message).contains("restart refused", "spec.restart.step");
        assertThat(ns.instance("rs-1").getStatus().run).isEqualTo(3);
        assertThat(ns.kubectl(null, "get", "events").output()).contains("InstanceRestarted", "RestartRefused");
    }

    @Test
    void aBreakpointWaitsUntilTheStepIsResumed(TestNamespace ns) {
        ns.apply(workflow("bp", """
                    - {name: a, bash: {script: x}}
                    - {name: b, dependsOn: [a], breakpoint: true, bash: {script: x}}
                """) + instance("bp-1", "bp"));
        ns.awaitPhase("bp-1", InstancePhase.Paused, END);
        assertThat(ns.step("bp-1", "b").message).contains("breakpoint");
        assertThat(ns.jobs()).hasSize(1);
        patch(ns, "bp-1", "{\"spec\":{\"resumeSteps\":[\"b\"]}}");
        assertThat(ns.awaitEnd("bp-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
    }
}
