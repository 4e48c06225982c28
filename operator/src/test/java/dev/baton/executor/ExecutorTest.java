package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Attempt;
import dev.baton.engine.Expressions;
import dev.baton.engine.Plan;
import dev.baton.engine.Specs;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names, pod building and reading results back, without a cluster. */
class ExecutorTest {
    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-24T00:00:10Z");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void childNamesAreDeterministicAndFit63CharactersKeepingTheAttempt() {
        assertThat(ChildNames.attempt("daily-7x2k", "extract", 1)).isEqualTo("daily-7x2k-extract-1");
        String longName = ChildNames.attempt("a".repeat(60), "step-with-a-long-name", 12);
        assertThat(longName).hasSizeLessThanOrEqualTo(63).endsWith("-12");
        assertThat(ChildNames.attempt("a".repeat(60), "step-with-a-long-name", 12)).isEqualTo(longName);
        assertThat(ChildNames.attempt("a".repeat(60), "step-with-a-long-nam3", 12)).isNotEqualTo(longName);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "success with output  | Succeeded | 0   | Completed | '{\"rows\": 42}' |       | Succeeded     | Completed",
            "success, no output   | Succeeded | 0   | Completed |                 |       | Succeeded     | Completed",
            "output not JSON      | Succeeded | 0   | Completed | rows=42         |       | UserError     | InvalidOutput",
            "output not an object | Succeeded | 0   | Completed | '[1,2]'         |       | UserError     | InvalidOutput",
            "exit code 3          | Failed    | 3   | Error     |                 |       | UserError     | Error",
            "OOMKilled            | Failed    | 137 | OOMKilled |                 |       | UserError     | OOMKilled",
            "evicted              | Failed    | 137 | Error     |                 | Evicted | PlatformError | Evicted",
    })
    void classifiesPodResults(String title, String phase, int exit, String reason, String message, String podReason,
                              AttemptOutcome outcome, String expectedReason) {
        Attempt a = AttemptReader.fromPod(pod(phase, exit, reason, message, podReason), NOW);
        assertThat(a.outcome()).isEqualTo(outcome);
        assertThat(a.reason()).isEqualTo(expectedReason);
        assertThat(a.number()).isEqualTo(2);
        if (title.equals("success with output")) {
            assertThat(a.outputs()).containsEntry("rows", 42);
        }
        if (outcome == AttemptOutcome.UserError && !"InvalidOutput".equals(expectedReason)) {
            assertThat(a.exitCode()).isEqualTo(exit);
        }
    }

    @Test
    void anOversizedOutputIsAClearError() {
        Attempt a = AttemptReader.fromPod(pod("Succeeded", 0, "Completed", "{\"x\": \"" + "y".repeat(5000) + "\"}", null), NOW);
        assertThat(a.reason()).isEqualTo("InvalidOutput");
        assertThat(a.message()).contains("larger than 4 KiB");
    }

    @Test
    void aJobThatFailedWithoutAFinishedPodIsAPlatformError() {
        Job job = new JobBuilder().withNewMetadata().withName("j").withLabels(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "1"))
                .withCreationTimestamp("2026-11-24T00:00:00Z").endMetadata()
                .withNewStatus().addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withLastTransitionTime("2026-11-24T00:00:05Z").endCondition().endStatus().build();
        Pod running = pod("Running", 0, null, null, null);
        running.getMetadata().getLabels().put(Labels.ATTEMPT, "1");
        Map<String, Map<Integer, Attempt>> read = AttemptReader.read(List.of(job), List.of(running), NOW);
        assertThat(read.get("s").get(1).outcome()).isEqualTo(AttemptOutcome.PlatformError);
        assertThat(read.get("s").get(1).reason()).isEqualTo("BackoffLimitExceeded");
    }

    @Test
    void buildsTheStepPodWithParamsOutputPathAndOverlay() {
        Definition spec = Specs.parse("""
                defaults:
                  image: python:3.12-slim
                  podTemplate: {spec: {serviceAccountName: etl, nodeSelector: {pool: batch}}}
                steps:
                  - name: s
                    python: {script: "print(1)"}
                    podTemplate:
                      metadata: {labels: {team: data}, annotations: {note: x}}
                      spec:
                        nodeSelector: {zone: a}
                        containers: [{env: [{name: EXTRA, value: "1"}], resources: {limits: {memory: 1Gi}}}]
                        restartPolicy: Always
                """);
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("run").withNamespace("ns").withUid("u").build());
        StepPodFactory factory = new StepPodFactory(new StepImages() {
            public String bashImage() { return "bash-img"; }
            public String pythonImage() { return "python-img"; }
            public String sqlImage() { return "sql-img"; }
            public String notebookImage() { return "notebook-img"; }
            public long runAsUser() { return 1000; }
        });
        PodTemplateSpec t = factory.template(instance, spec.step("s"),
                new Plan.Launch("s", 3, Map.of("date", "2026-11-24", "n", 5L), null, null, null));
        Container c = t.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("python:3.12-slim");
        assertThat(c.getCommand()).containsExactly("python3", "-c", "print(1)");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("date=2026-11-24", "n=5", "BATON_OUTPUT=/dev/termination-log", "BATON_ATTEMPT=3", "EXTRA=1");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(t.getSpec().getServiceAccountName()).isEqualTo("etl");
        assertThat(t.getSpec().getNodeSelector()).containsEntry("pool", "batch").containsEntry("zone", "a");
        assertThat(t.getSpec().getRestartPolicy()).as("Baton retries, never the kubelet").isEqualTo("Never");
        assertThat(t.getMetadata().getLabels()).containsEntry("team", "data").containsEntry(Labels.INSTANCE, "run")
                .containsEntry(Labels.ATTEMPT, "3");
        assertThat(t.getMetadata().getAnnotations()).containsEntry("note", "x");
    }

    @Test
    void refusesUnknownPodSpecFieldsWithTheirPath() {
        WorkflowCompiler compiler = new WorkflowCompiler(new Expressions(), new StepPodChecks());
        var compiled = compiler.compile(Specs.tree("""
                steps:
                  - {name: s, noop: {}, podTemplate: {spec: {nodeSelektor: {a: b}, containers: [{imagePullPolicee: Never}]}}}
                """));
        assertThat(compiled.errors()).extracting(Object::toString).containsExactlyInAnyOrder(
                "spec.steps[0].podTemplate.spec.nodeSelektor: unknown field of a PodSpec",
                "spec.steps[0].podTemplate.spec.containers[0].imagePullPolicee: unknown field of a PodSpec");
    }

    private static Pod pod(String phase, int exit, String reason, String message, String podReason) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-11-24T00:00:00Z")
                .withLabels(new java.util.HashMap<>(Map.of(Labels.STEP, "s", Labels.ATTEMPT, "2"))).endMetadata()
                .withNewStatus().withPhase(phase).withReason(podReason).endStatus();
        Pod pod = b.build();
        if (reason != null) {
            pod.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("step").withNewState().withNewTerminated().withExitCode(exit).withReason(reason)
                    .withMessage(message).withFinishedAt("2026-11-24T00:00:09Z").endTerminated().endState().build()));
        }
        return pod;
    }
}
