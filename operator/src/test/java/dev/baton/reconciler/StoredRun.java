package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Plan;
import dev.baton.engine.RunState;
import dev.baton.engine.StepState;
import dev.baton.engine.model.Definition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as the operator keeps it between two reconciles: the plan's status built as the status writer
 * builds it ({@link InstanceStatusBuilder}, {@link StatusCodec} for every step), sent as JSON by the
 * Kubernetes client, and read back as the next reconcile reads it. For simulations of the engine, so that
 * they plan from what is really stored rather than from the planner's own objects.
 */
public final class StoredRun {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private StoredRun() {
    }

    /** What the next reconcile reads: the run's params (status.params) and its step states, by name. */
    public record Read(Map<String, Object> params, Map<String, StepState> steps) {
    }

    /** Writes the plan of a pass over {@code run} as the instance's status, and reads it back. */
    public static Read afterWrite(Definition definition, RunState run, Plan plan, Instant now) {
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName(run.instanceName()).withNamespace(run.namespace())
                .withGeneration(1L).build());
        InstanceSetup.Setup setup = new InstanceSetup.Setup(run.instanceName() + "-r1", definition, run.params(), null, null,
                List.of(), null);
        instance.setStatus(InstanceStatusBuilder.running(instance, setup, run.startTime(), plan, Map.of(), now));
        WorkflowInstanceStatus read = throughJson(instance).getStatus();
        return new Read(read.params, StatusCodec.steps(read));
    }

    /** The instance as the API server would give it back: serialized as the client sends it, then parsed. */
    static WorkflowInstance throughJson(WorkflowInstance instance) {
        return JSON.unmarshal(JSON.asJson(instance), WorkflowInstance.class);
    }
}
