package dev.baton.cli;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Actions on all the runs of a workflow (Maestro's workflow-level stop) and on its StrictSequential queue. */
final class WorkflowActions {
    /** How long stop-all waits for the operator's answer in the Workflow's status. */
    static final Duration ANSWER = Duration.ofSeconds(30);

    private WorkflowActions() {
    }

    @Command(name = "stop-all", description = {"Stop every unfinished top-level run of a workflow (spec.stopInstances, once per id);",
            "their loop iterations and subworkflow runs stop with them. Waits for the operator's count."})
    static final class StopAll extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "WORKFLOW")
        String workflow;

        @Option(names = "--kill", description = "End them as Failed (spec.stop: Kill) instead of Stopped.")
        boolean kill;

        @Override
        protected int run(Cluster cluster) throws InterruptedException {
            cluster.workflow(workflow); // a clear NotFound before anything is written
            String id = UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("id", id);
            request.put("mode", kill ? "Kill" : "Stop");
            cluster.workflows().inNamespace(cluster.namespace()).withName(workflow)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(Map.of("spec", Map.of("stopInstances", request))));
            long deadline = System.nanoTime() + ANSWER.toNanos();
            while (System.nanoTime() < deadline) {
                Workflow w = cluster.workflow(workflow);
                String served = w.getStatus() == null ? null : w.getStatus().stopInstances;
                if (served != null && served.startsWith(id + ": ")) {
                    out().println("workflow.baton.dev/" + workflow + " " + served.substring(id.length() + 2));
                    return ExitCodes.OK;
                }
                Thread.sleep(250);
            }
            throw UserError.of("workflow.baton.dev/" + workflow + ": the operator did not answer stop-all " + id + " within "
                    + ANSWER.toSeconds() + " s (is it running?)");
        }
    }

    @Command(name = "release", description = {"Let a failed run stop blocking its StrictSequential queue without restarting it",
            "(spec.releaseQueue: true); the run stays as it ended."})
    static final class Release extends InstanceActions.Action {
        @Override
        Map<String, Object> spec(WorkflowInstance current) {
            InstancePhase phase = RunWaiter.phase(current);
            if (phase != InstancePhase.Failed && phase != InstancePhase.TimedOut) {
                throw UserError.of("workflowinstance.baton.dev/" + current.getMetadata().getName() + " is "
                        + (phase == null ? "not started" : phase) + ": only a failed run blocks a StrictSequential queue");
            }
            return Map.of("releaseQueue", true);
        }

        @Override
        String done() {
            return "released: its queue goes on";
        }
    }
}
