package dev.baton.cli;

import dev.baton.api.ParamSpec;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.engine.model.ParamType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts a run of a workflow: creates a WorkflowInstance; with --wait or --watch, exits with its outcome. */
@Command(name = "submit", description = {"Start a run of a workflow.",
        "With --wait or --watch the exit code is the run's outcome: 0 Succeeded, 1 Failed, 3 Stopped, 4 TimedOut."})
final class SubmitCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The Workflow to run.")
    String workflow;

    /** Typed as the workflow declares them: a string param keeps its text, others read it as YAML. */
    @Mixin
    ParamOptions params;

    @Option(names = "--name", paramLabel = "NAME", description = "The instance's name (default: the workflow's name and a random suffix).")
    String name;

    @Option(names = "--wait", description = "Wait until the run ends; exit with its outcome.")
    boolean await;

    @Option(names = "--watch", description = "Show the run's tree, redrawn as it changes, until it ends; exit with its outcome.")
    boolean watch;

    @Override
    protected int run(Cluster cluster) throws Exception {
        Map<String, String> pairs = params.pairs(); // a bad -p fails before any request
        Workflow w = cluster.workflow(workflow);
        Map<String, Object> values = params.values(pairs, declared(w));

        WorkflowInstance instance = new WorkflowInstance();
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(cluster.namespace());
        instance.setMetadata(name != null ? meta.withName(name).build() : meta.withGenerateName(workflow + "-").build());
        WorkflowInstanceSpec spec = new WorkflowInstanceSpec();
        spec.workflowRef = new WorkflowInstanceSpec.WorkflowRef();
        spec.workflowRef.name = workflow;
        spec.params = values.isEmpty() ? null : values;
        instance.setSpec(spec);
        WorkflowInstance created = cluster.instances().inNamespace(cluster.namespace()).resource(instance).create();
        String createdName = created.getMetadata().getName();
        out().println("workflowinstance.baton.dev/" + createdName + " created");
        if (watch) {
            return new LiveTree(cluster, cli, out()).follow(createdName);
        }
        if (await) {
            return RunWaiter.await(cluster, createdName, out(), cli.style());
        }
        return ExitCodes.OK;
    }

    private static Map<String, ParamType> declared(Workflow w) {
        Map<String, ParamType> out = new LinkedHashMap<>();
        Map<String, ParamSpec> params = w.getSpec() == null ? null : w.getSpec().params;
        if (params != null) {
            params.forEach((k, v) -> out.put(k, v == null ? null : v.type));
        }
        return out;
    }
}
