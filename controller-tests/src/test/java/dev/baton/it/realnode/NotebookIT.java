package dev.baton.it.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.it.BatonCluster;
import dev.baton.it.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * examples/notebook.yaml on the real node: papermill runs the notebook in a real Jupyter kernel, in the
 * notebook image realnode/images.sh builds (Debian's kernel, papermill from PyPI), with the runner the
 * operator ships.
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class NotebookIT {
    private static final Duration END = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void needsARealNodeWithTheNotebookImage(TestNamespace ns) {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null, "the cluster has no real node");
        assertThat(RealNode.operatorEnv(ns.client())).as("the real node names its notebook image (%s)", RealNode.NOTEBOOK_IMAGE)
                .containsKey("BATON_STEP_NOTEBOOK_IMAGE");
    }

    /**
     * The example, its steps sent to the real node, /data a directory of this machine instead of an emptyDir
     * (which the kubelet removes when the pod ends) so that the test can read the executed notebook, and a
     * second run whose limit makes the last cell raise.
     */
    private static String example(TestNamespace ns, Path data) throws IOException {
        String yaml = Files.readString(ns.file("examples/notebook.yaml"));
        assertThat(yaml).contains("\nspec:\n  params:").contains("{name: data, emptyDir: {}}");
        yaml = yaml.replace("{name: data, emptyDir: {}}", "{name: data, hostPath: {path: \"" + data + "\", type: Directory}}");
        return yaml.replaceFirst("\nspec:\n  params:", "\nspec:\n  defaults: {podTemplate: " + RealNode.POD_TEMPLATE.replace("$", "\\$") + "}\n  params:")
                + "---\napiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: notebook-limit}\n"
                + "spec: {workflowRef: {name: notebook}, params: {limit: 10}}\n";
    }

    @Test
    void typedParamsGoInOutputsComeOutAndARaisingCellFailsTheStepWithItsError(TestNamespace ns) throws Exception {
        Path data = Files.createTempDirectory("baton-notebook-");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx")); // the step runs as UID 1000
        ns.apply(example(ns, data));

        assertThat(ns.awaitEnd("notebook-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        StepStatus report = ns.step("notebook-1", "report");
        assertThat(report.outputs).containsEntry("kept", 21);
        assertThat(report.outputs.get("types")).as("each param with its JSON type, as Python sees it")
                .isEqualTo(Map.of("rows", "int", "rate", "float", "regions", "list", "label", "str", "dry_run", "bool"));
        @SuppressWarnings("unchecked")
        Map<String, Object> executed = (Map<String, Object>) report.outputs.get("notebook");
        assertThat(executed).containsEntry("output", "/data/notebook-1/report.ipynb");
        long bytes = ((Number) executed.get("bytes")).longValue();
        assertThat(bytes).isPositive();
        assertThat(ns.step("notebook-1", "publish").outputs).as("a later step reads the notebook's outputs").containsEntry("published", 21);

        // The executed notebook is on the step's volume, a directory of this machine: as big as status says,
        // with papermill's injected parameters and the notebook's printed line.
        Pod pod = pod(ns, "notebook-1", "report");
        Path file = data.resolve("notebook-1/report.ipynb");
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).isEqualTo(bytes);
        String text = JSON.readTree(file.toFile()).toString();
        assertThat(text).contains("injected-parameters").contains("rows = 42").contains("rate = 0.5")
                .contains("run notebook-1: keeping 21 of 42 rows for 2 regions");
        TestNamespace.Kubectl logs = ns.kubectl(null, "logs", pod.getMetadata().getName());
        assertThat(logs.output()).as("papermill logs the cells' output").contains("keeping 21 of 42 rows");

        assertThat(ns.awaitEnd("notebook-limit", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus failed = ns.step("notebook-limit", "report");
        assertThat(failed.phase).isEqualTo(StepPhase.Failed);
        assertThat(failed.attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.exitCode).isEqualTo(1);
            assertThat(a.message).contains("raised ValueError: kept 21 rows, more than the limit of 10")
                    .contains("/data/notebook-limit/report.ipynb");
        });
        assertThat(ns.step("notebook-limit", "publish").phase).isEqualTo(StepPhase.Skipped);
    }

    @Test
    void aMissingConfigMapFailsTheStepNamingIt(TestNamespace ns) {
        ns.apply(RealNode.workflow("nb-missing",
                "    - {name: nb, retry: {errors: 0}, notebook: {source: {configMapRef: {name: no-such-notebooks, key: x.ipynb}}}}\n"));
        assertThat(ns.awaitEnd("nb-missing-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(ns.step("nb-missing-1", "nb").attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.message).contains("ConfigMap \"no-such-notebooks\"").contains("\"x.ipynb\"");
        });
    }

    private static Pod pod(TestNamespace ns, String instance, String step) {
        return ns.pods().stream().filter(p -> step.equals(p.getMetadata().getLabels().get("baton.dev/step"))
                        && instance.equals(p.getMetadata().getLabels().get("baton.dev/instance"))).findFirst()
                .orElseThrow(() -> new AssertionError("no pod of " + instance + "/" + step));
    }
}
