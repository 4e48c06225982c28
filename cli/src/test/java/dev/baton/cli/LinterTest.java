package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LinterTest {
    private static final String BROKEN = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: broken}
            spec:
              params: {n: {type: lng}}
              timeout: forever
              stepz: 1
              steps:
                - {name: a, bash: {script: "true"}, dependsOn: [nope]}
                - {name: c, container: {image: x, resources: {limits: {cpu: lots}}}}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: WorkflowInstance
            metadata: {name: run}
            spec: {workflowRef: {name: broken}}
            """;

    private final WorkflowFiles files = new WorkflowFiles();

    @Test
    void everyErrorOfABrokenFileIsReportedWithItsField() {
        Linter.Report r = new Linter().lint(List.of(files.parse("broken.yaml", BROKEN)));
        assertThat(r.workflows()).isEqualTo(1);
        // The known fields are the compiler's, which grow: the line names the field and says it is unknown.
        assertThat(r.lines()).anyMatch(l -> l.startsWith("broken.yaml: workflow broken: spec.stepz: unknown field (known: backfill, "));
        assertThat(r.lines()).contains(
                "broken.yaml: workflow broken: spec.timeout: \"forever\" is not a duration such as 90s, 30m or 2h",
                "broken.yaml: workflow broken: spec.steps[0].dependsOn[0]: unknown step \"nope\"",
                "broken.yaml: workflow broken: spec.steps[1].container.resources.limits.cpu: \"lots\" is not a resource quantity such as 500m, 2 or 1Gi");
        assertThat(r.lines()).anyMatch(l -> l.startsWith("broken.yaml: workflow broken: spec.params.n.type: must be one of string"));
        assertThat(r.errors()).isEqualTo(r.lines().size() - 1);
        assertThat(r.lines().get(r.lines().size() - 1)).isEqualTo(r.errors() + " error(s) in 1 workflow(s)");
    }

    @Test
    void subworkflowCyclesAreFoundAmongTheFilesGivenTogether() {
        String a = "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: a}\nspec: {steps: [{name: s, subworkflow: {workflow: b}}]}\n";
        String b = a.replace("name: a}", "name: b}").replace("workflow: b}", "workflow: a}");
        Linter.Report alone = new Linter().lint(List.of(files.parse("a.yaml", a)));
        assertThat(alone.errors()).as("b is not given: its definition is unknown").isZero();
        Linter.Report both = new Linter().lint(List.of(files.parse("a.yaml", a), files.parse("b.yaml", b)));
        assertThat(both.errors()).isEqualTo(2);
        assertThat(both.lines()).contains("a.yaml: workflow a: spec.steps[0].subworkflow.workflow: starts a chain of subworkflows"
                + " that comes back to itself: a → b → a (every run would create instances without end)");
    }

    @Test
    void valuesNestedPastTheOperatorsLimitGetItsFieldError() {
        String deep = "[".repeat(150) + "]".repeat(150);
        String w = "apiVersion: baton.dev/v1alpha1\nkind: Workflow\nmetadata: {name: deep}\nspec: {params: {p: {type: map, default: {x: "
                + deep + "}}}, steps: [{name: s, noop: {}}]}\n";
        Linter.Report r = new Linter().lint(List.of(files.parse("deep.yaml", w)));
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.lines().get(0)).startsWith("deep.yaml: workflow deep: spec.params.p.default.x").contains("nested more than 100 levels");
    }

    @Test
    void unreadableInputIsAnErrorAndAFileWithoutWorkflowsIsNot() {
        Linter.Report r = new Linter().lint(List.of(files.parse("bad.yaml", "a: [\n"), files.parse("none.yaml", "kind: ConfigMap\n"),
                files.read("/no/such/file.yaml")));
        assertThat(r.errors()).isEqualTo(2);
        assertThat(r.lines()).contains("none.yaml: no Workflow in this file", "/no/such/file.yaml: no such file");
        assertThat(r.lines()).anyMatch(l -> l.startsWith("bad.yaml: not valid YAML: line "));
    }

    @Test
    void everyExampleOfTheRepositoryIsValid() throws IOException {
        Path examples = Path.of("..", "examples");
        List<WorkflowFiles.Read> reads;
        try (Stream<Path> all = Files.list(examples)) {
            reads = all.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> files.read(p.toString())).toList();
        }
        Linter.Report r = new Linter().lint(reads);
        assertThat(r.workflows()).isGreaterThanOrEqualTo(10);
        assertThat(r.errors()).as(String.join("\n", r.lines())).isZero();
    }
}
