package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.ActionStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Actions on single steps and on a workflow's instances (kubectl patch of spec.actions, spec.stopInstances,
 * spec.releaseQueue) on the real control plane: each taken once, nested paths handed to the iteration that
 * holds the step, an operator killed between the ask and the doing.
 */
@ExtendWith(BatonCluster.class)
class StepActionsIT {
    private static final Duration END = Duration.ofSeconds(90);
    private static final String SLOW = "      bash: {script: \"true\"}\n      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: \"60s\"}}}\n";

    @Test
    void bypassSkipKillAndStopActOnTheStepsOfARunningInstanceEachOnce(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: acts}
                spec:
                  steps:
                    - name: slow
                """ + SLOW + """
                    - {name: after-slow, dependsOn: [slow], noop: {}}
                    - {name: early, dependsOn: [slow], noop: {}}
                    - name: killme
                      onFailure: Ignore
                """ + SLOW + """
                    - name: stopme
                      retry: {errors: 3, backoff: {type: Fixed, base: 1s}}
                      bash: {script: "false"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "15s", kwok.baton.dev/exit-code: "3"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: acts-1}
                spec: {workflowRef: {name: acts}}
                """);
        Awaitility.await().atMost(END).until(() -> ns.pods().size() == 3);
        String actions = "{id: b1, action: Bypass, path: early}, {id: st, action: Stop, path: stopme}";
        patchActions(ns, "acts-1", actions);
        Awaitility.await().atMost(END).until(() -> ns.step("acts-1", "early").phase == StepPhase.Succeeded);
        assertThat(ns.step("acts-1", "slow").phase).as("early ran before its dependency ended").isEqualTo(StepPhase.Running);

        actions += ", {id: s1, action: Skip, path: slow}, {id: k1, action: Kill, path: killme}, {id: x1, action: Skip, path: early}";
        patchActions(ns, "acts-1", actions);
        WorkflowInstance ended = ns.awaitEnd("acts-1", END);
        assertThat(ns.step("acts-1", "slow").phase).isEqualTo(StepPhase.Skipped);
        assertThat(ns.step("acts-1", "after-slow").phase).isEqualTo(StepPhase.Skipped);
        assertThat(ns.step("acts-1", "killme").phase).isEqualTo(StepPhase.CompletedWithError);
        assertThat(ns.step("acts-1", "killme").message).contains("killed by request k1");
        assertThat(ns.step("acts-1", "stopme").phase).isEqualTo(StepPhase.Stopped);
        assertThat(ns.step("acts-1", "stopme").attempts).as("no retry after the stop").hasSize(1);
        assertThat(ended.getStatus().phase).isEqualTo(InstancePhase.Failed);
        // In the order taken: by pass, and within a pass in the order the planner reaches the steps.
        assertThat(outcomes(ended)).containsExactlyInAnyOrder("b1 Bypass Done", "st Stop Done", "s1 Skip Done", "k1 Kill Done", "x1 Skip Refused");
        assertThat(ended.getStatus().actions).filteredOn(a -> a.id.equals("x1")).singleElement()
                .satisfies(a -> assertThat(a.message).isEqualTo("step early has ended (Succeeded): nothing to skip"));

        patchActions(ns, "acts-1", actions); // applied again: nothing twice
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(ns.instance("acts-1")).size() == 5);
        Awaitility.await().atMost(END).until(() -> ns.jobs().stream().noneMatch(j -> j.getStatus() != null
                && j.getStatus().getActive() != null && j.getStatus().getActive() > 0));
    }

    @Test
    void anActionOnAStepOfAnIterationIsHandedToItAndAWholeIterationIsStopped(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: loop}
                spec:
                  steps:
                    - name: each
                      onFailure: Ignore
                      foreach:
                        params: {k: [a, b]}
                        steps:
                          - name: s
                """ + SLOW.replace("      ", "            ") + """
                          - {name: t, dependsOn: [s], noop: {}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: loop-1}
                spec: {workflowRef: {name: loop}}
                """);
        Awaitility.await().atMost(END).until(() -> ns.children("loop-1").size() == 2 && ns.pods().size() == 2);
        patchActions(ns, "loop-1", "{id: n1, action: Skip, path: \"each[1]/s\"}, {id: n2, action: Stop, path: \"each[0]\"}");
        WorkflowInstance parent = ns.awaitEnd("loop-1", END);
        assertThat(outcomes(parent)).containsExactly("n1 Skip Forwarded", "n2 Stop Forwarded");
        List<WorkflowInstance> children = ns.children("loop-1");
        // Iterations may be deleted once counted (retention); those still here show what was done.
        for (WorkflowInstance child : children) {
            if (child.getMetadata().getName().endsWith("-1")) {
                assertThat(outcomes(child)).containsExactly("n1 Skip Done");
                assertThat(child.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            } else {
                assertThat(child.getStatus().phase).isEqualTo(InstancePhase.Stopped);
            }
        }
        var loop = parent.getStatus().steps.get(0).foreach;
        assertThat(loop.succeeded).isEqualTo(1);
        assertThat(loop.stopped).isEqualTo(1);
    }

    @Test
    void restartingAStepOfAnEndedInstanceRunsItAndItsDescendantsInANewRun(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: again}
                spec:
                  steps:
                    - {name: a, bash: {script: "true"}}
                    - {name: b, dependsOn: [a], bash: {script: "true"}}
                    - {name: c, dependsOn: [b], bash: {script: "true"}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: again-1}
                spec: {workflowRef: {name: again}}
                """);
        assertThat(ns.awaitEnd("again-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        patchActions(ns, "again-1", "{id: r1, action: Restart, path: b, descendants: true}, {id: r2, action: Kill, path: a}");
        Awaitility.await().atMost(END).until(() -> ns.instance("again-1").getStatus().run == 2
                && ns.instance("again-1").getStatus().phase.terminal());
        assertThat(ns.instance("again-1").getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("again-1", "a").attempts).extracting(x -> x.job).containsExactly("again-1-a-1");
        assertThat(ns.step("again-1", "b").attempts).extracting(x -> x.job).containsExactly("again-1-b-2");
        assertThat(ns.step("again-1", "c").attempts).extracting(x -> x.job).containsExactly("again-1-c-2");
        assertThat(outcomes(ns.instance("again-1"))).containsExactly("r1 Restart Done", "r2 Kill Refused");
    }

    @Test
    void anActionAskedWhileTheOperatorIsDownIsTakenOnceWhenItIsBack(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: down}
                spec:
                  steps:
                    - name: slow
                """ + SLOW + """
                    - {name: next, dependsOn: [slow], noop: {}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: down-1}
                spec: {workflowRef: {name: down}}
                """);
        Awaitility.await().atMost(END).ignoreExceptions().until(() -> ns.pods().size() == 1
                && ns.step("down-1", "slow").phase == StepPhase.Running);
        ns.operator().kill();
        patchActions(ns, "down-1", "{id: d1, action: Skip, path: slow}");
        ns.operator().start();
        WorkflowInstance ended = ns.awaitEnd("down-1", END);
        assertThat(ended.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("down-1", "slow").phase).isEqualTo(StepPhase.Skipped);
        assertThat(outcomes(ended)).containsExactly("d1 Skip Done");
        ns.operator().kill();
        ns.operator().start();
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> outcomes(ns.instance("down-1")).size() == 1);
    }

    @Test
    void aWorkflowStopsAllItsUnfinishedInstancesAndAFailedOneReleasesItsStrictQueue(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: many}
                spec:
                  runStrategy: {type: Parallel, concurrency: 10}
                  steps:
                    - name: slow
                """ + SLOW + instances("many", 3) + """
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: strict}
                spec:
                  runStrategy: {type: StrictSequential}
                  params: {code: {type: long}}
                  steps:
                    - {name: check, noop: {}}
                    - name: boom
                      dependsOn: [{step: check, when: "params.code != 0"}]
                      retry: {errors: 0}
                      bash: {script: "false"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "1"}}}
                """ + """
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: strict-1}
                spec: {workflowRef: {name: strict}, params: {code: 1}}
                """);
        Awaitility.await().atMost(END).until(() -> ns.pods().stream().filter(p -> p.getMetadata().getName().startsWith("many")).count() == 3);
        TestNamespace.Kubectl r = ns.kubectl(null, "patch", "bwf", "many", "--type", "merge", "-p",
                "{\"spec\":{\"stopInstances\":{\"id\":\"all-1\"}}}");
        assertThat(r.exitCode()).as(r.output()).isZero();
        for (int i = 1; i <= 3; i++) {
            assertThat(ns.awaitEnd("many-" + i, END).getStatus().phase).isEqualTo(InstancePhase.Stopped);
        }
        Awaitility.await().atMost(END).until(() -> ns.workflow("many").getStatus().stopInstances != null);
        assertThat(ns.workflow("many").getStatus().stopInstances).startsWith("all-1: Stop set on 3 unfinished instances");
        assertThat(ns.workflow("many").getStatus().conditions).as("a request is no spec error")
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Valid=True"));

        assertThat(ns.awaitEnd("strict-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: strict-2}
                spec: {workflowRef: {name: strict}, params: {code: 0}}
                """);
        Awaitility.await().atMost(END).until(() -> ns.instance("strict-2").getStatus() != null
                && ns.instance("strict-2").getStatus().phase == InstancePhase.Queued);
        assertThat(ns.instance("strict-2").getStatus().message).contains("blocked by failed instance strict-1");
        ns.kubectl(null, "patch", "bwfi", "strict-1", "--type", "merge", "-p", "{\"spec\":{\"releaseQueue\":true}}");
        assertThat(ns.awaitEnd("strict-2", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.instance("strict-1").getStatus().phase).as("released, not restarted").isEqualTo(InstancePhase.Failed);
        assertThat(ns.instance("strict-1").getStatus().run).isEqualTo(1);
    }

    private static String instances(String workflow, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            b.append("---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: ").append(workflow).append('-')
                    .append(i).append("}\nspec: {workflowRef: {name: ").append(workflow).append("}}\n");
        }
        return b.toString();
    }

    private static void patchActions(TestNamespace ns, String instance, String actions) {
        // Written as YAML flow for reading; a merge patch is JSON.
        String json;
        try {
            Object patch = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readValue("{spec: {actions: [" + actions + "]}}", Object.class);
            json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(patch);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(actions, e);
        }
        TestNamespace.Kubectl r = ns.kubectl(null, "patch", "bwfi", instance, "--type", "merge", "-p", json);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static List<String> outcomes(WorkflowInstance i) {
        return i.getStatus() == null || i.getStatus().actions == null ? List.of()
                : i.getStatus().actions.stream().map((ActionStatus a) -> a.id + " " + a.action + " " + a.outcome).toList();
    }
}
