package dev.baton.console;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Instances as the informer cache holds them, for the console's view tests. */
final class ConsoleFixtures {
    private ConsoleFixtures() {
    }

    static WorkflowInstance instance(String ns, String name, String workflow, InstancePhase phase, Instant created) {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).withUid("uid-" + name).withResourceVersion("1")
                .withCreationTimestamp(created.toString()).withLabels(new HashMap<>()).build());
        WorkflowInstanceSpec spec = new WorkflowInstanceSpec();
        spec.workflowRef = new WorkflowInstanceSpec.WorkflowRef();
        spec.workflowRef.name = workflow;
        i.setSpec(spec);
        WorkflowInstanceStatus status = new WorkflowInstanceStatus();
        status.phase = phase;
        status.startTime = created.toString();
        i.setStatus(status);
        return i;
    }

    /** An iteration (or subworkflow run) of {@code parent}'s step, as ChildInstances labels it. */
    static WorkflowInstance child(WorkflowInstance parent, String step, long index, InstancePhase phase) {
        WorkflowInstance c = instance(parent.getMetadata().getNamespace(), parent.getMetadata().getName() + "-" + step + "-" + index,
                parent.getSpec().workflowRef.name, phase, Instant.parse(parent.getMetadata().getCreationTimestamp()));
        c.getMetadata().getLabels().putAll(Map.of(Labels.PARENT, parent.getMetadata().getName(), Labels.STEP, step,
                Labels.ITERATION, String.valueOf(index), Labels.GENERATION, "1", Labels.ROOT, parent.getMetadata().getName()));
        c.getMetadata().setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("baton.dev/v1alpha1").withKind("WorkflowInstance").withName(parent.getMetadata().getName())
                .withUid(parent.getMetadata().getUid()).withController(true).build()));
        return c;
    }

    static StepStatus step(String name, StepPhase phase) {
        StepStatus s = new StepStatus();
        s.name = name;
        s.phase = phase;
        return s;
    }
}
