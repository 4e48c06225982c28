package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.it.realnode.RealNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kubectl plugin as users run it: the executable `make cli` builds (cli/target/kubectl-baton/kubectl-baton,
 * built before these tests by the reactor), against the real control plane and the operator, with kubectl's
 * --kubeconfig and -n flags. Exit codes and output are the plugin's contract (README, "Day to day").
 */
@ExtendWith(BatonCluster.class)
class CliIT {
    private static final Duration END = Duration.ofSeconds(90);

    /** Exit code, stdout and stderr of one run of the plugin. */
    record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }

    private static Path plugin(TestNamespace ns) {
        Path p = ns.file("cli/target/kubectl-baton/kubectl-baton");
        assertThat(p).as("the plugin is built by the cli module before the controller tests").isExecutable();
        return p;
    }

    /** Runs the plugin; commands that talk to the cluster get the test cluster's kubeconfig and the test's namespace. */
    static Run baton(TestNamespace ns, String... args) {
        return batonAs(ns, "lint".equals(args[0]) ? null : BatonCluster.kubeconfig(), args);
    }

    /** Runs the plugin with this kubeconfig (none: no cluster flags) in the test's namespace. */
    static Run batonAs(TestNamespace ns, Path kubeconfig, String... args) {
        List<String> cmd = new ArrayList<>(List.of(plugin(ns).toString()));
        cmd.addAll(Arrays.asList(args));
        if (kubeconfig != null) {
            cmd.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", ns.name()));
        }
        Commands.Result r = Commands.run(new ProcessBuilder(cmd), null, Duration.ofSeconds(120));
        return new Run(r.exit(), r.out(), r.err());
    }

    /** kubectl, with the plugin's directory first on the PATH, in the test's namespace. */
    private static TestNamespace.Kubectl kubectlWithPlugin(TestNamespace ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl"));
        cmd.addAll(Arrays.asList(args));
        cmd.addAll(List.of("--kubeconfig", BatonCluster.kubeconfig().toString(), "-n", ns.name()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", plugin(ns).getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
        Commands.Result r = Commands.run(pb, null, Duration.ofSeconds(60));
        return new TestNamespace.Kubectl(r.exit(), r.out());
    }

    private static String workflow(String name, String spec) {
        return "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: " + name + "}\nspec:\n" + spec;
    }

    /** The name the plugin printed for the instance it created ("workflowinstance.baton.dev/NAME created"). */
    private static String created(Run run) {
        String line = run.out().lines().filter(l -> l.endsWith(" created")).findFirst().orElseThrow(() -> new AssertionError(run.all()));
        return line.substring(line.indexOf('/') + 1, line.length() - " created".length());
    }

    @Test
    void submitWaitExitsWithTheRunsOutcomeAndGetAndListShowTheRun(TestNamespace ns) {
        ns.apply(workflow("ok", """
                  params: {who: {type: string}, times: {type: long, default: 1}}
                  steps:
                    - {name: greet, bash: {script: "echo hi"}}
                    - name: each
                      dependsOn: [greet]
                      foreach: {params: {i: [1, 2]}, steps: [{name: x, noop: {}}]}
                """) + "---\n" + workflow("bad", """
                  steps:
                    - name: s
                      retry: {errors: 0}
                      bash: {script: "exit 3"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
                """));
        Run ok = baton(ns, "submit", "ok", "-p", "who=20261124", "-p", "times=2", "--wait");
        assertThat(ok.code()).as(ok.all()).isZero();
        assertThat(ok.out()).contains(" Succeeded");
        String name = created(ok);
        assertThat(ns.instance(name).getSpec().params).as("typed as declared").containsEntry("who", "20261124").containsEntry("times", 2);

        Run watched = baton(ns, "submit", "ok", "-p", "who=x", "--watch");
        assertThat(watched.code()).as(watched.all()).isZero();
        assertThat(watched.out()).as("the tree, printed as it changes, the last one ended")
                .contains(created(watched) + "  Succeeded  2/2", "├─ greet  Succeeded", "#1  Succeeded  exit 0");

        Run bad = baton(ns, "submit", "bad", "--wait");
        assertThat(bad.code()).as(bad.all()).isEqualTo(1);
        assertThat(bad.out()).contains(" Failed");

        // As a kubectl plugin: kubectl finds kubectl-baton on the PATH and hands it the rest of the line.
        TestNamespace.Kubectl viaKubectl = kubectlWithPlugin(ns, "baton", "list", "--phase", "Succeeded");
        assertThat(viaKubectl.exitCode()).as(viaKubectl.output()).isZero();
        assertThat(viaKubectl.output()).containsPattern(name + " +ok +Succeeded");

        Run list = baton(ns, "list");
        assertThat(list.code()).as(list.all()).isZero();
        assertThat(list.out()).contains("NAME", "WORKFLOW", "PHASE").containsPattern(name + " +ok +Succeeded")
                .containsPattern(created(bad) + " +bad +Failed");
        assertThat(list.out()).as("iterations only with --children").doesNotContain(name + "-each");
        assertThat(baton(ns, "list", "--phase", "Failed").out()).contains(created(bad)).doesNotContain(name);

        Run get = baton(ns, "get", name);
        assertThat(get.code()).as(get.all()).isZero();
        assertThat(get.out()).contains(name + "  Succeeded  2/2  workflow ok", "├─ greet  Succeeded", "#1  Succeeded  exit 0",
                "└─ each  Succeeded", "foreach 2/2 (2 succeeded)");
        assertThat(get.out()).as("no colours into a pipe").doesNotContain("\u001b[");
        assertThat(baton(ns, "get", name, "-o", "yaml").out()).containsPattern("kind: \"?WorkflowInstance").containsPattern("phase: \"?Succeeded");

        Run missing = baton(ns, "get", "nope");
        assertThat(missing.code()).isEqualTo(5);
        assertThat(missing.err()).isEqualTo("Error from server (NotFound): workflowinstances.baton.dev \"nope\" not found\n");
        Run badParam = baton(ns, "submit", "ok", "-p", "who");
        assertThat(badParam.code()).isEqualTo(2);
        assertThat(badParam.err()).isEqualTo("error: bad -p \"who\": expected name=value\n");
    }

    @Test
    void suspendResumeStopRestartAndKillTakeEffect(TestNamespace ns) {
        ns.apply(workflow("slow", "  runStrategy: {type: Parallel, concurrency: 5}\n" + chain(3, "3s")));
        String run = created(baton(ns, "submit", "slow"));
        ns.awaitPhase(run, InstancePhase.Running, END);
        assertThat(baton(ns, "suspend", run).out()).isEqualTo("workflowinstance.baton.dev/" + run + " suspended\n");
        ns.awaitPhase(run, InstancePhase.Paused, END);
        assertThat(baton(ns, "resume", run).code()).isZero();
        Awaitility.await().atMost(END).until(() -> ns.instance(run).getStatus().phase == InstancePhase.Running);

        assertThat(baton(ns, "stop", run).code()).isZero();
        assertThat(ns.awaitEnd(run, END).getStatus().phase).isEqualTo(InstancePhase.Stopped);
        Run again = baton(ns, "stop", run);
        assertThat(again.code()).isEqualTo(5);
        assertThat(again.err()).contains("has already ended (Stopped)");

        Run unknownStep = baton(ns, "restart", run, "--from", "nope");
        assertThat(unknownStep.code()).isEqualTo(5);
        assertThat(unknownStep.err()).isEqualTo("error: workflowinstance.baton.dev/" + run + " has no step \"nope\" (steps: s1, s2, s3)\n");
        assertThat(baton(ns, "restart", run).code()).isZero();
        Awaitility.await().atMost(END).until(() -> ns.instance(run).getStatus().run == 2
                && ns.instance(run).getStatus().phase.terminal());
        WorkflowInstance restarted = ns.instance(run);
        assertThat(restarted.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(restarted.getSpec().stop).as("restart clears stop").isEmpty();

        String other = created(baton(ns, "submit", "slow"));
        ns.awaitPhase(other, InstancePhase.Running, END);
        assertThat(baton(ns, "kill", other).code()).isZero();
        assertThat(ns.awaitEnd(other, END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.step(other, "s1").phase).isEqualTo(StepPhase.Stopped);
    }

    @Test
    void stopAllStopsEveryUnfinishedRunOfAWorkflowAndReleaseUnblocksAStrictQueue(TestNamespace ns) {
        ns.apply(workflow("many", "  runStrategy: {type: Parallel, concurrency: 5}\n" + chain(2, "60s")));
        String a = created(baton(ns, "submit", "many"));
        String b = created(baton(ns, "submit", "many"));
        ns.awaitPhase(a, InstancePhase.Running, END);
        ns.awaitPhase(b, InstancePhase.Running, END);
        Run all = baton(ns, "stop-all", "many");
        assertThat(all.code()).as(all.all()).isZero();
        assertThat(all.out()).startsWith("workflow.baton.dev/many Stop set on 2 unfinished instances at ");
        assertThat(ns.awaitEnd(a, END).getStatus().phase).isEqualTo(InstancePhase.Stopped);
        assertThat(ns.awaitEnd(b, END).getStatus().phase).isEqualTo(InstancePhase.Stopped);

        ns.apply(workflow("strict", """
                  runStrategy: {type: StrictSequential}
                  steps:
                    - name: s
                      retry: {errors: 0}
                      bash: {script: "false"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "1"}}}
                """));
        String failed = created(baton(ns, "submit", "strict"));
        assertThat(ns.awaitEnd(failed, END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        String next = created(baton(ns, "submit", "strict"));
        Awaitility.await().atMost(END).until(() -> ns.instance(next).getStatus() != null
                && ns.instance(next).getStatus().phase == InstancePhase.Queued);
        Run notFailed = baton(ns, "release", next);
        assertThat(notFailed.code()).isEqualTo(5);
        assertThat(notFailed.err()).contains("is Queued: only a failed run blocks a StrictSequential queue");
        assertThat(baton(ns, "release", failed).out()).isEqualTo("workflowinstance.baton.dev/" + failed + " released: its queue goes on\n");
        assertThat(ns.awaitEnd(next, END).getStatus().phase).as("it ran, and failed as its step does").isEqualTo(InstancePhase.Failed);
    }

    @Test
    void aBreakpointOnOneIterationCreatesItPausedUntilResumed(TestNamespace ns) {
        ns.apply(workflow("loop", """
                  steps:
                    - name: each
                      foreach:
                        params: {k: [a, b, c]}
                        concurrency: 1
                        steps:
                          - name: s
                            bash: {script: x}
                            podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "4s"}}}
                """));
        String run = created(baton(ns, "submit", "loop"));
        ns.awaitPhase(run, InstancePhase.Running, END);
        Run brk = baton(ns, "break", run, "each[2]");
        assertThat(brk.code()).as(brk.all()).isZero();
        assertThat(ns.instance(run).getSpec().breakpoints).containsExactly("each[2]");
        Awaitility.await().atMost(END).until(() -> ns.children(run).stream().anyMatch(c -> c.getMetadata().getName().endsWith("-2")
                && c.getStatus() != null && c.getStatus().phase == InstancePhase.Paused));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> ns.instance(run).getStatus().phase == InstancePhase.Running);
        Run resume = baton(ns, "resume", run, "each[2]");
        assertThat(resume.code()).as(resume.all()).isZero();
        assertThat(ns.awaitEnd(run, END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void stepActionsSkipRetryBreakAndKillOneStepAndARefusalSaysWhy(TestNamespace ns) {
        ns.apply(workflow("chain", "  runStrategy: {type: Parallel, concurrency: 5}\n" + chain(3, "3s")));
        String run = created(baton(ns, "submit", "chain"));
        ns.awaitPhase(run, InstancePhase.Running, END);
        Run skip = baton(ns, "skip", run, "s3");
        assertThat(skip.code()).as(skip.all()).isZero();
        assertThat(skip.out()).contains(run + " Skip s3: Done");
        assertThat(ns.awaitEnd(run, END).getStatus().phase.terminal()).isTrue();
        assertThat(ns.step(run, "s3").phase).isEqualTo(StepPhase.Skipped);

        Run refused = baton(ns, "skip", run, "s1");
        assertThat(refused.code()).as(refused.all()).isEqualTo(5);
        assertThat(refused.err()).startsWith("error: workflowinstance.baton.dev/" + run + " Skip s1: Refused: ");
        assertThat(refused.err().lines().count()).isEqualTo(1);

        Run retry = baton(ns, "retry", run, "s2");
        assertThat(retry.code()).as(retry.all()).isZero();
        Awaitility.await().atMost(END).until(() -> ns.instance(run).getStatus().run == 2 && ns.instance(run).getStatus().phase.terminal());
        assertThat(ns.step(run, "s2").attempts).extracting(a -> a.job).containsExactly(run + "-s2-2");

        String paused = created(baton(ns, "submit", "chain"));
        assertThat(baton(ns, "break", paused, "s2").out()).isEqualTo("workflowinstance.baton.dev/" + paused + " breakpoint on s2 set\n");
        Awaitility.await().atMost(END).until(() -> ns.step(paused, "s2").message != null && ns.step(paused, "s2").message.contains("breakpoint"));
        assertThat(baton(ns, "resume", paused, "s2").code()).isZero();
        assertThat(ns.awaitEnd(paused, END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);

        String killed = created(baton(ns, "submit", "chain"));
        Awaitility.await().atMost(END).until(() -> ns.step(killed, "s1").phase == StepPhase.Running);
        Run kill = baton(ns, "kill", killed, "s1");
        assertThat(kill.code()).as(kill.all()).isZero();
        assertThat(ns.awaitEnd(killed, END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.step(killed, "s1").phase).isEqualTo(StepPhase.Failed);
    }

    /** Steps s1 → s2 → ... each running {@code duration} on kwok. */
    private static String chain(int steps, String duration) {
        StringBuilder out = new StringBuilder("  steps:\n");
        for (int i = 1; i <= steps; i++) {
            out.append("    - name: s").append(i).append('\n').append(i > 1 ? "      dependsOn: [s" + (i - 1) + "]\n" : "")
                    .append("      bash: {script: x}\n      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: \"")
                    .append(duration).append("\"}}}\n");
        }
        return out.toString();
    }

    @Test
    void signalStartsASignalTriggeredWorkflowAndBackfillStartsPastFires(TestNamespace ns) {
        ns.apply(workflow("on-upload", """
                  params: {file: {type: string}}
                  triggers:
                    signals: [{name: upload, signals: [{name: file-uploaded}], params: {file: "${signal.params.path}"}}]
                  steps: [{name: a, noop: {}}]
                """) + "---\n" + workflow("yearly", """
                  params: {day: {type: string, default: none}}
                  triggers: {cron: [{name: new-year, schedule: "0 0 1 1 *", params: {day: "${trigger.date}"}}]}
                  steps: [{name: a, noop: {}}]
                """));
        Awaitility.await().atMost(END).until(() -> ns.workflow("on-upload").getStatus() != null
                && ns.workflow("on-upload").getStatus().triggers != null);
        Run signal = baton(ns, "signal", "file-uploaded", "-p", "path=/data/a.csv");
        assertThat(signal.code()).as(signal.all()).isZero();
        assertThat(signal.out()).startsWith("signal.baton.dev/file-uploaded-").endsWith(" created\n");
        Awaitility.await().atMost(END).until(() -> started(ns, "on-upload").size() == 1);
        assertThat(started(ns, "on-upload").get(0).getSpec().params).containsEntry("file", "/data/a.csv");

        Run backfill = baton(ns, "backfill", "yearly", "--from", "2020-01-01T00:00:00Z", "--to", "2021-06-01T00:00:00Z");
        assertThat(backfill.code()).as(backfill.all()).isZero();
        Awaitility.await().atMost(END).until(() -> started(ns, "yearly").size() == 2);
        assertThat(started(ns, "yearly")).extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("yearly-new-year-20200101-000000", "yearly-new-year-20210101-000000");
        Run noTrigger = baton(ns, "backfill", "yearly", "--trigger", "nope", "--from", "2020-01-01T00:00:00Z", "--to", "2021-01-01T00:00:00Z");
        assertThat(noTrigger.code()).isEqualTo(5);
        assertThat(noTrigger.err()).isEqualTo("error: workflow.baton.dev/yearly has no time trigger \"nope\" (it has new-year)\n");

        // trigger: one run now, off the schedule, with the trigger's params for this moment.
        Run now = baton(ns, "trigger", "yearly");
        assertThat(now.code()).as(now.all()).isZero();
        String run = created(now);
        assertThat(run).startsWith("yearly-new-year-now-");
        WorkflowInstance triggered = ns.awaitEnd(run, END);
        assertThat(triggered.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(triggered.getSpec().params).containsEntry("day", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(triggered.getStatus().initiator.trigger).isEqualTo("new-year");
        assertThat(started(ns, "yearly")).hasSize(3);
    }

    @Test
    void aUserWithoutRightsGetsTheServersForbiddenInOneLine(TestNamespace ns) throws IOException {
        assertThat(ns.kubectl(null, "create", "serviceaccount", "nobody").exitCode()).isZero();
        TestNamespace.Kubectl token = ns.kubectl(null, "create", "token", "nobody");
        assertThat(token.exitCode()).as(token.output()).isZero();
        Path kubeconfig = Files.writeString(Files.createTempFile("nobody", ".kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "SERVER", insecure-skip-tls-verify: true}}]
                users: [{name: nobody, user: {token: "TOKEN"}}]
                contexts: [{name: c, context: {cluster: c, user: nobody}}]
                current-context: c
                """.replace("SERVER", ns.client().getMasterUrl().toString()).replace("TOKEN", token.output().strip()));
        Run get = batonAs(ns, kubeconfig, "get", "anything");
        assertThat(get.code()).as(get.all()).isEqualTo(5);
        assertThat(get.err()).isEqualTo("Error from server (Forbidden): workflowinstances.baton.dev \"anything\" is forbidden: User"
                + " \"system:serviceaccount:" + ns.name() + ":nobody\" cannot get resource \"workflowinstances\" in API group"
                + " \"baton.dev\" in the namespace \"" + ns.name() + "\"\n");
        Files.delete(kubeconfig);
    }

    @Test
    void lintReportsEveryErrorOfABrokenFileOffline(TestNamespace ns) throws IOException {
        Path broken = Files.writeString(Files.createTempDirectory("lint").resolve("broken.yaml"), workflow("broken", """
                  timeout: forever
                  steps:
                    - {name: a, bash: {script: "true"}, dependsOn: [nope]}
                    - {name: b, container: {image: x, resources: {limits: {cpu: lots}}}}
                """));
        Run lint = baton(ns, "lint", broken.toString(), ns.file("examples/hello.yaml").toString());
        assertThat(lint.code()).as(lint.all()).isEqualTo(1);
        assertThat(lint.out()).contains(
                broken + ": workflow broken: spec.timeout: \"forever\" is not a duration such as 90s, 30m or 2h",
                broken + ": workflow broken: spec.steps[0].dependsOn[0]: unknown step \"nope\"",
                broken + ": workflow broken: spec.steps[1].container.resources.limits.cpu: \"lots\" is not a resource quantity",
                "examples/hello.yaml: workflow hello: valid", "3 error(s) in 2 workflow(s)");
        assertThat(lint.err()).isEmpty();
    }

    @Test
    void logsSayClearlyWhenAPodServesNoLogsOrIsGone(TestNamespace ns) {
        ns.apply(workflow("quick", "  steps:\n    - {name: s, bash: {script: \"echo hi\"}}\n"));
        String run = created(baton(ns, "submit", "quick", "--wait"));
        // kwok's pods have no kubelet to serve their logs: the plugin says so in one line.
        Run simulated = baton(ns, "logs", run, "s");
        assertThat(simulated.code()).as(simulated.all()).isEqualTo(5);
        assertThat(simulated.err()).startsWith("error: no logs from pod " + run + "-s-1-").doesNotContain("\tat ");
        assertThat(simulated.err().lines().count()).isEqualTo(1);

        ns.kubectl(null, "delete", "jobs", "--all", "--cascade=foreground", "--wait=true");
        Awaitility.await().atMost(END).until(() -> ns.pods().isEmpty());
        Run gone = baton(ns, "logs", run, "s");
        assertThat(gone.code()).isEqualTo(5);
        assertThat(gone.err()).isEqualTo("error: the pod of step s attempt 1 of " + run + " is gone: the attempt ended Succeeded"
                + " with exit code 0 (Completed); its Job or Pod was deleted, and its logs with it\n");
        Run noStep = baton(ns, "logs", run, "nope");
        assertThat(noStep.err()).isEqualTo("error: workflowinstance.baton.dev/" + run + " has no step \"nope\" (steps: s)\n");
    }

    @Test
    @Tag("realnode")
    void logsOfARealNodeStepShowItsOutput(TestNamespace ns) {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null, "the cluster has no real node");
        ns.apply(workflow("real", "  defaults: {podTemplate: " + RealNode.POD_TEMPLATE + "}\n"
                + "  steps:\n    - {name: talk, bash: {script: \"echo 'said by a real step'\"}}\n"));
        String run = created(baton(ns, "submit", "real", "--wait"));
        Run logs = baton(ns, "logs", run, "talk");
        assertThat(logs.code()).as(logs.all()).isZero();
        assertThat(logs.out()).contains("said by a real step");
    }

    private static List<WorkflowInstance> started(TestNamespace ns, String workflow) {
        return ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withLabel("baton.dev/trigger").list().getItems()
                .stream().filter(i -> workflow.equals(i.getSpec().workflowRef.name)).toList();
    }
}
