package dev.baton.cli;

import dev.baton.api.Signal;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

/** A connection to the cluster and the namespace a command works in; closed when the command ends. */
public record Cluster(KubernetesClient client, String namespace) implements AutoCloseable {
    public static final String INSTANCES = "workflowinstances.baton.dev";
    public static final String WORKFLOWS = "workflows.baton.dev";

    public MixedOperation<WorkflowInstance, KubernetesResourceList<WorkflowInstance>, Resource<WorkflowInstance>> instances() {
        return client.resources(WorkflowInstance.class);
    }

    public MixedOperation<Workflow, KubernetesResourceList<Workflow>, Resource<Workflow>> workflows() {
        return client.resources(Workflow.class);
    }

    public MixedOperation<Signal, KubernetesResourceList<Signal>, Resource<Signal>> signals() {
        return client.resources(Signal.class);
    }

    /** The instance, or a kubectl-worded NotFound error. */
    public WorkflowInstance instance(String name) {
        WorkflowInstance i = instances().inNamespace(namespace).withName(name).get();
        if (i == null) {
            throw UserError.notFound(INSTANCES, name);
        }
        return i;
    }

    /** The workflow, or a kubectl-worded NotFound error. */
    public Workflow workflow(String name) {
        Workflow w = workflows().inNamespace(namespace).withName(name).get();
        if (w == null) {
            throw UserError.notFound(WORKFLOWS, name);
        }
        return w;
    }

    /** The API server's address, for messages about reaching it. */
    public String server() {
        return client.getMasterUrl() == null ? null : client.getMasterUrl().toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
