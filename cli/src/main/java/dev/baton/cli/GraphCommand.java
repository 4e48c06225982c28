package dev.baton.cli;

import dev.baton.engine.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A workflow's DAG as Mermaid or DOT, from a file (offline) or from the cluster. */
@Command(name = "graph", description = {"Print a workflow's DAG as Mermaid (default) or Graphviz DOT.",
        "WORKFLOW|FILE: an existing file is read offline (its first Workflow, or --name); otherwise the Workflow is read from the cluster."})
final class GraphCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW|FILE")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "mermaid (default) or dot.")
    GraphRenderer.Format format = GraphRenderer.Format.mermaid;

    @Option(names = "--name", paramLabel = "NAME", description = "With a file of several Workflows, the one to draw.")
    String name;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(Path.of(source)) && !"-".equals(source)) {
            return super.call();
        }
        WorkflowFiles.Read read = new WorkflowFiles().read(source);
        if (read.problem() != null) {
            throw UserError.of(source + ": " + read.problem());
        }
        WorkflowFiles.Doc doc = read.workflows().stream().filter(d -> name == null || name.equals(d.name())).findFirst()
                .orElseThrow(() -> UserError.of(source + ": " + (name == null ? "no Workflow in this file" : "no Workflow named " + name)));
        return draw(doc.name(), doc.spec());
    }

    @Override
    protected int run(Cluster cluster) {
        var w = cluster.workflow(source);
        return draw(source, Json.tree(w.getSpec()));
    }

    private int draw(String workflow, Object spec) {
        WorkflowChecks.Checked checked = new WorkflowChecks().check(workflow, spec);
        if (!checked.valid()) {
            List<String> errors = checked.errors().stream().map(e -> Printable.of(e.field()) + ": " + Printable.of(e.message())).toList();
            throw UserError.of("workflow " + workflow + " is invalid: " + String.join("; ", errors));
        }
        out().print(GraphRenderer.render(workflow, checked.definition().steps(), checked.definition().exitHooks(), format));
        return ExitCodes.OK;
    }
}
