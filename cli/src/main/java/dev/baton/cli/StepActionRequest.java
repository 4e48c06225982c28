package dev.baton.cli;

import dev.baton.api.ActionStatus;
import dev.baton.api.StepActionSpec;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Asks for one step action (spec.actions: Skip, Bypass, Stop, Kill, Restart, by a fresh id) and, unless told
 * not to, waits for the operator's answer in status.actions: Done or Forwarded (to the iteration or
 * subworkflow run that holds the step), or Refused with the reason, which is printed as the one error line.
 */
final class StepActionRequest {
    /** The operator answers in the next reconcile; past this, it is down or far behind. */
    static final long ANSWER_SECONDS = 30;

    private StepActionRequest() {
    }

    static int ask(Cluster cluster, BatonCli cli, PrintWriter out, String instance, String action, String path, Boolean descendants,
                   boolean await) {
        StepPath.parseAny(path); // a malformed path fails here, before a request
        String id = "cli-" + action.toLowerCase(Locale.ROOT) + "-" + cli.clock().millis();
        StepActionSpec asked = new StepActionSpec();
        asked.id = id;
        asked.action = action;
        asked.path = path;
        asked.descendants = descendants;
        SpecLists.update(cluster, instance, "actions", current -> withAction(current, asked));
        out.println("workflowinstance.baton.dev/" + instance + " " + action + " " + path + " asked (id " + id + ")");
        if (!await) {
            return ExitCodes.OK;
        }
        ActionStatus answer = answer(cluster, instance, id);
        String line = "workflowinstance.baton.dev/" + instance + " " + action + " " + path + ": " + answer.outcome
                + (answer.message == null ? "" : ": " + Printable.of(answer.message));
        if ("Refused".equals(answer.outcome)) {
            throw UserError.of(line);
        }
        out.println(line);
        return ExitCodes.OK;
    }

    /** The spec's actions with {@code asked} added; when full, the oldest ones already answered make room. */
    static List<StepActionSpec> withAction(WorkflowInstance current, StepActionSpec asked) {
        try {
            return dev.baton.api.StepActionList.withAction(current, asked);
        } catch (IllegalStateException e) {
            throw UserError.of(e.getMessage());
        }
    }

    private static ActionStatus answer(Cluster cluster, String instance, String id) {
        try {
            WorkflowInstance answered = cluster.instances().inNamespace(cluster.namespace()).withName(instance)
                    .waitUntilCondition(i -> i == null || find(i, id) != null, ANSWER_SECONDS, TimeUnit.SECONDS);
            if (answered == null) {
                throw UserError.of("workflowinstance.baton.dev/" + instance + " was deleted before the operator answered");
            }
            return find(answered, id);
        } catch (KubernetesClientTimeoutException e) {
            throw UserError.of("the operator has not answered in " + ANSWER_SECONDS + " s (is it running?); the action stays asked as id "
                    + id + ", see status.actions");
        }
    }

    private static ActionStatus find(WorkflowInstance i, String id) {
        List<ActionStatus> actions = i.getStatus() == null ? null : i.getStatus().actions;
        return actions == null ? null : actions.stream().filter(a -> id.equals(a.id)).findFirst().orElse(null);
    }
}
