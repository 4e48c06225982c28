package dev.baton.cli;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.engine.Expressions;
import dev.baton.engine.Json;
import dev.baton.engine.TriggerCompiler;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.triggers.TimeTrigger;
import dev.baton.engine.triggers.Triggers;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a time trigger now (Argo's {@code argo submit --from cronwf}): one run with the trigger's params
 * evaluated by the operator's own code for this moment, labelled as the trigger's (it shows in
 * {@code list -l baton.dev/trigger=NAME} and counts in the trigger's history), and named off the schedule,
 * so it neither takes nor suppresses a scheduled fire.
 */
@Command(name = "trigger", description = {"Run a workflow's cron or interval trigger now, with its params for this moment",
        "(trigger.scheduledTime, trigger.date); the schedule is not changed."})
final class TriggerCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW")
    String workflow;

    @Option(names = "--trigger", paramLabel = "NAME", description = "The cron or interval trigger (default: the workflow's only one).")
    String trigger;

    @Override
    protected int run(Cluster cluster) {
        Workflow w = cluster.workflow(workflow);
        TriggerCompiler compiler = new TriggerCompiler(new Expressions());
        List<FieldError> errors = new ArrayList<>();
        Triggers triggers = compiler.compile(Json.tree(w.getSpec()), w.getSpec().params.keySet(), errors);
        if (!errors.isEmpty()) {
            throw UserError.of("workflow.baton.dev/" + workflow + " has invalid triggers: " + FieldError.summary(errors));
        }
        String chosen = BackfillCommand.chooseTrigger(workflow, trigger, triggers.time().stream().map(TimeTrigger::name).toList());
        TimeTrigger t = triggers.named(chosen);
        Instant now = cli.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        List<String> failed = new ArrayList<>();
        Map<String, Object> params = compiler.fireParams(t, now, (field, problem) -> failed.add(field + ": " + problem));
        if (!failed.isEmpty()) {
            throw UserError.of("workflow.baton.dev/" + workflow + ": " + String.join("; ", failed));
        }
        String name = ChildNames.fireNow(workflow, chosen, now);
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(cluster.namespace())
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGER).addToLabels(Labels.TRIGGER, chosen).build());
        instance.setSpec(new WorkflowInstanceSpec());
        instance.getSpec().workflowRef = new WorkflowInstanceSpec.WorkflowRef();
        instance.getSpec().workflowRef.name = workflow;
        instance.getSpec().params = params;
        cluster.instances().inNamespace(cluster.namespace()).resource(instance).create();
        out().println("workflowinstance.baton.dev/" + name + " created");
        return ExitCodes.OK;
    }
}
