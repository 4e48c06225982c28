package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.executor.Labels;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs in a table, filtered by workflow, phase and labels; top-level runs only unless --children. */
@Command(name = "list", aliases = "ls", description = "List runs (WorkflowInstances), oldest first.")
final class ListCommand extends ClusterCommand {
    @Option(names = {"-A", "--all-namespaces"}, description = "Runs of every namespace.")
    boolean allNamespaces;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW", description = "Only runs of this workflow.")
    String workflow;

    @Option(names = "--phase", paramLabel = "PHASE", description = "Only runs in this phase: ${COMPLETION-CANDIDATES}.")
    InstancePhase phase;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "A label selector, as kubectl's -l (e.g. baton.dev/trigger=nightly).")
    String selector;

    @Option(names = "--children", description = "Also list loop iterations and subworkflow runs.")
    boolean children;

    @Override
    protected int run(Cluster cluster) {
        var op = cluster.instances();
        var scoped = allNamespaces ? op.inAnyNamespace() : op.inNamespace(cluster.namespace());
        List<WorkflowInstance> items = (selector == null ? scoped.list() : scoped.withLabelSelector(selector).list()).getItems()
                .stream()
                .filter(i -> children || i.getMetadata().getLabels() == null || !i.getMetadata().getLabels().containsKey(Labels.PARENT))
                .filter(i -> workflow == null || i.getSpec() != null && i.getSpec().workflowRef != null
                        && workflow.equals(i.getSpec().workflowRef.name))
                .filter(i -> phase == null || RunWaiter.phase(i) == phase)
                .sorted(Comparator.comparing((WorkflowInstance i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
                        .thenComparing(i -> i.getMetadata().getName()))
                .toList();
        if (items.isEmpty()) {
            err().println(allNamespaces ? "No runs found." : "No runs found in " + cluster.namespace() + " namespace.");
            return ExitCodes.OK;
        }
        out().print(InstanceTable.render(items, allNamespaces, cli.style(), cli.clock().instant()));
        return ExitCodes.OK;
    }
}
