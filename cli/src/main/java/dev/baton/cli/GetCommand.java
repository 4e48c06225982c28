package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One run as a tree (steps, attempts, loops and their iterations, subworkflow runs), or as JSON or YAML. */
@Command(name = "get", description = "Show a run: its steps, attempts, loops with their counts and subworkflow runs, as a tree.")
final class GetCommand extends ClusterCommand {
    enum Output { tree, json, yaml }

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instance;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "tree (default), json or yaml (the instance object, as kubectl prints it).")
    Output output = Output.tree;

    @Override
    protected int run(Cluster cluster) {
        WorkflowInstance i = cluster.instance(instance);
        switch (output) {
            case json -> out().println(cluster.client().getKubernetesSerialization().asJson(i));
            case yaml -> out().print(cluster.client().getKubernetesSerialization().asYaml(i));
            default -> {
                List<WorkflowInstance> tree = cluster.instances().inNamespace(cluster.namespace())
                        .withLabel(Labels.ROOT, rootOf(i)).list().getItems();
                out().print(new TreeRenderer(cli.style(), cli.clock().instant()).render(new InstanceTree(i, tree)));
            }
        }
        return ExitCodes.OK;
    }

    /** The top-level instance of the tree an instance belongs to (itself when it is one). */
    static String rootOf(WorkflowInstance i) {
        Map<String, String> labels = i.getMetadata().getLabels();
        String root = labels == null ? null : labels.get(Labels.ROOT);
        return root != null ? root : i.getMetadata().getName();
    }
}
