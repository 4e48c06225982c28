package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Json;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The caches of one instance's reconcile as plain lists, and its two cache-bound writes recorded: every
 * status patch (one per status write) and every child instance reported created. A patch is applied to
 * the instance held here, as JOSDK's cache would, so a following reconcile plans from the written status.
 */
final class FixtureContext implements InstanceContext {
    final List<Job> jobs = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<WorkflowInstance> children = new ArrayList<>();
    final List<Workflow> workflows = new ArrayList<>();
    /** The statuses written, in order, each as a copy of what was sent. */
    final List<WorkflowInstanceStatus> writes = new ArrayList<>();
    final List<WorkflowInstance> createdChildren = new ArrayList<>();
    /** Runs as each status write is sent, before it is applied: what the API holds at that instant. */
    Consumer<WorkflowInstanceStatus> onWrite = s -> { };
    private WorkflowInstance instance;

    FixtureContext(WorkflowInstance instance) {
        this.instance = instance;
    }

    /** The instance as the cache holds it now: the fixture's, or the result of the last status write. */
    WorkflowInstance instance() {
        return instance;
    }

    @Override
    public Collection<Job> jobs() {
        return List.copyOf(jobs);
    }

    @Override
    public Collection<Pod> pods() {
        return List.copyOf(pods);
    }

    @Override
    public Collection<WorkflowInstance> children() {
        return List.copyOf(children);
    }

    @Override
    public Optional<Workflow> workflow(String name) {
        return workflows.stream().filter(w -> w.getMetadata().getName().equals(name)).findFirst();
    }

    @Override
    public WorkflowInstance patchStatus(WorkflowInstance fresh) {
        WorkflowInstanceStatus sent = Json.convert(fresh.getStatus(), WorkflowInstanceStatus.class);
        onWrite.accept(sent);
        writes.add(sent);
        WorkflowInstance written = new WorkflowInstance();
        String version = String.valueOf(Long.parseLong(instance.getMetadata().getResourceVersion()) + 1);
        written.setMetadata(new ObjectMetaBuilder(instance.getMetadata()).withResourceVersion(version).build());
        written.setSpec(instance.getSpec());
        written.setStatus(Json.convert(sent, WorkflowInstanceStatus.class));
        instance = written;
        return written;
    }

    @Override
    public void childCreated(WorkflowInstance child) {
        createdChildren.add(child);
    }
}
