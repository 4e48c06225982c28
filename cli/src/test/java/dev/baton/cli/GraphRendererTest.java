package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphRendererTest {
    private static final String WORKFLOW = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: g}
            spec:
              params: {s: {type: string, default: x}}
              steps:
                - {name: a, bash: {script: "true"}}
                - {name: b, dependsOn: [{step: a, when: 'params.s == "x|y"'}], noop: {}}
                - name: loop
                  dependsOn: [b]
                  foreach: {params: {i: [1, 2]}, steps: [{name: x, noop: {}}, {name: y, dependsOn: [x], noop: {}}]}
            """;

    private static dev.baton.engine.model.Graph graph() {
        WorkflowFiles.Doc doc = new WorkflowFiles().parse("g.yaml", WORKFLOW).workflows().get(0);
        WorkflowChecks.Checked c = new WorkflowChecks().check(doc.name(), doc.spec());
        assertThat(c.errors()).isEmpty();
        return c.definition().steps();
    }

    @Test
    void mermaidHasANodePerStepAnEdgePerDependencyAndTheLoopBodyAsASubgraph() {
        assertThat(GraphRenderer.render("g", graph(), GraphRenderer.Format.mermaid).lines().toList()).containsExactly(
                "flowchart TD",
                "  s1[\"a · bash\"]",
                "  s2[\"b · noop\"]",
                "  s3[\"loop · foreach\"]",
                "  s1 -->|\"params.s == #quot;x#124;y#quot;\"| s2",
                "  s2 --> s3",
                "  subgraph g3[\"loop body\"]",
                "    s4[\"x · noop\"]",
                "    s5[\"y · noop\"]",
                "    s4 --> s5",
                "  end",
                "  s3 -.-> g3");
    }

    @Test
    void dotQuotesConditionsAndLinksTheLoopToItsBodysRoots() {
        List<String> lines = GraphRenderer.render("g", graph(), GraphRenderer.Format.dot).lines().toList();
        assertThat(lines).startsWith("digraph \"g\" {").endsWith("}");
        assertThat(lines).contains("  s1 -> s2 [label=\"params.s == \\\"x|y\\\"\"];", "  subgraph cluster_g3 {",
                "    label=\"loop body\"; style=dashed;", "  s3 -> s4 [style=dashed];");
    }

    @Test
    void exitHooksAreDrawnWithTheirWhen() {
        WorkflowFiles.Doc doc = new WorkflowFiles().parse("h.yaml", """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: h}
                spec:
                  steps: [{name: a, noop: {}}]
                  onExit: [{name: page, when: Failed, noop: {}}]
                """).workflows().get(0);
        var definition = new WorkflowChecks().check(doc.name(), doc.spec()).definition();
        assertThat(GraphRenderer.render("h", definition.steps(), definition.exitHooks(), GraphRenderer.Format.mermaid))
                .contains("s2[\"page · noop · onExit Failed\"]");
    }
}
