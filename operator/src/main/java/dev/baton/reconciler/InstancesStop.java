package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * A Workflow's spec.stopInstances: sets spec.stop on every unfinished top-level instance of the workflow
 * (their loop iterations and subworkflow runs stop with them), then records the id served in the
 * Workflow's status. A crash between the two serves it again, which changes nothing: an instance stopped
 * already is left as it is.
 */
@ApplicationScoped
public class InstancesStop {
    private final KubernetesClient client;
    private final InstanceIndex index;

    public InstancesStop(KubernetesClient client, InstanceIndex index) {
        this.client = client;
        this.index = index;
    }

    /** The status line to keep: the request's, once served now or before; null when none was ever asked. */
    String serve(Workflow workflow, String old, Instant now) {
        var request = workflow.getSpec() == null ? null : workflow.getSpec().stopInstances;
        if (request == null || request.id == null || (old != null && old.startsWith(request.id + ": "))) {
            return old;
        }
        if (!index.ready()) {
            // Before the instance controller's cache is filled, "no instance" would be served as done.
            throw new IllegalStateException("spec.stopInstances waits for the operator's cache of instances to be filled");
        }
        String mode = "Kill".equals(request.mode) ? "Kill" : "Stop";
        int stopped = 0;
        for (WorkflowInstance i : index.ofWorkflow(workflow.getMetadata().getNamespace(), workflow.getMetadata().getName())) {
            boolean ended = i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal();
            if (ended || (i.getSpec() != null && i.getSpec().stop != null && !i.getSpec().stop.isEmpty())) {
                continue;
            }
            if (StopPatch.set(client, i, mode)) {
                stopped++;
            }
        }
        return request.id + ": " + mode + " set on " + stopped + " unfinished instance" + (stopped == 1 ? "" : "s") + " at " + now;
    }
}
