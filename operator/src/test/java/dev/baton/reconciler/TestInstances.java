package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Specs;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** WorkflowInstances built in code, as the cache would hold them. */
final class TestInstances {
    static final String CREATED = "2026-11-24T00:00:00Z";

    private TestInstances() {
    }

    /** A top-level instance of {@code workflow} with no status yet, at resourceVersion 1. */
    static WorkflowInstance instance(String namespace, String name, String workflow) {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid("uid-" + namespace + "-" + name)
                .withResourceVersion("1").withCreationTimestamp(CREATED).build());
        WorkflowInstanceSpec spec = new WorkflowInstanceSpec();
        spec.workflowRef = new WorkflowInstanceSpec.WorkflowRef();
        spec.workflowRef.name = workflow;
        i.setSpec(spec);
        return i;
    }

    /** A loop iteration of {@code parent}, in the parent's tree. */
    static WorkflowInstance child(WorkflowInstance parent, String name) {
        WorkflowInstance i = instance(parent.getMetadata().getNamespace(), name, parent.getSpec().workflowRef.name);
        i.getMetadata().setLabels(Map.of(Labels.PARENT, parent.getMetadata().getName(), Labels.ROOT, InstanceTree.root(parent)));
        i.getMetadata().setOwnerReferences(java.util.List.of(controlledBy(parent)));
        return i;
    }

    /** The controller owner reference Baton puts on the children it creates. */
    static io.fabric8.kubernetes.api.model.OwnerReference controlledBy(WorkflowInstance parent) {
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("baton.dev/v1alpha1")
                .withKind("WorkflowInstance").withName(parent.getMetadata().getName()).withUid(parent.getMetadata().getUid())
                .withController(true).build();
    }

    /** The same instance at another resourceVersion, holding {@code status}: a new object, as informers deliver. */
    static WorkflowInstance at(WorkflowInstance i, String resourceVersion, WorkflowInstanceStatus status) {
        WorkflowInstance next = new WorkflowInstance();
        next.setMetadata(new ObjectMetaBuilder(i.getMetadata()).withResourceVersion(resourceVersion).build());
        next.setSpec(i.getSpec());
        next.setStatus(status);
        return next;
    }

    /** A status in {@code phase} with {@code running} steps whose latest attempt runs. */
    static WorkflowInstanceStatus status(InstancePhase phase, int running) {
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = phase;
        s.startTime = CREATED;
        for (int n = 0; n < running; n++) {
            StepStatus step = new StepStatus();
            step.name = "s" + n;
            step.phase = StepPhase.Running;
            AttemptStatus a = new AttemptStatus();
            a.number = 1;
            a.outcome = AttemptOutcome.Running;
            a.startTime = CREATED;
            step.attempts.add(a);
            s.steps.add(step);
        }
        return s;
    }

    /** A one-step workflow with the given stepConcurrency (null: none), run strategy Sequential. */
    static Definition limited(Integer stepConcurrency) {
        return Specs.parse((stepConcurrency == null ? "" : "stepConcurrency: " + stepConcurrency + "\n")
                + "steps: [{name: a, noop: {}}]");
    }
}
