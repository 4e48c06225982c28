package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.engine.Json;
import dev.baton.engine.Plan;
import dev.baton.engine.StepRequest;
import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Deletes;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loop iterations as child WorkflowInstances: reads them back as observations for the planner, and
 * creates, stops and deletes them as it decides. Names are deterministic, so repeating an action is
 * harmless.
 */
@ApplicationScoped
public class ChildInstances {
    private static final List<Plan.Child.Action> ORDER = List.of(Plan.Child.Action.Delete, Plan.Child.Action.Stop,
            Plan.Child.Action.Create);
    private final KubernetesClient client;

    public ChildInstances(KubernetesClient client) {
        this.client = client;
    }

    /** Observed iterations by loop step, of the step's current generation only. */
    static Map<String, List<ForeachPlanner.ChildObservation>> observe(Collection<WorkflowInstance> children,
                                                                      Map<String, Integer> generations) {
        Map<String, List<ForeachPlanner.ChildObservation>> out = new HashMap<>();
        for (WorkflowInstance child : children) {
            Map<String, String> labels = child.getMetadata().getLabels();
            String step = labels.get(Labels.STEP);
            Integer generation = generations.get(step);
            if (generation == null || !String.valueOf(generation).equals(labels.get(Labels.GENERATION))) {
                continue;
            }
            var phase = child.getStatus() == null ? null : child.getStatus().phase;
            out.computeIfAbsent(step, k -> new ArrayList<>()).add(new ForeachPlanner.ChildObservation(
                    Long.parseLong(labels.get(Labels.ITERATION)), ForeachPlanner.ChildPhase.of(phase),
                    new NestedCounts(child.getStatus() == null ? null : child.getStatus().leaves)));
        }
        return out;
    }

    /**
     * What each finished iteration's body hands on, by loop step then iteration: its steps' params then
     * outputs, later steps winning (a while loop carries the values named like its loop params).
     */
    static Map<String, Map<Long, Map<String, Object>>> bodyValues(Collection<WorkflowInstance> children,
                                                                  Map<String, Integer> generations) {
        Map<String, Map<Long, Map<String, Object>>> out = new HashMap<>();
        for (WorkflowInstance child : children) {
            Map<String, String> labels = child.getMetadata().getLabels();
            String step = labels.get(Labels.STEP);
            Integer generation = generations.get(step);
            if (generation == null || !String.valueOf(generation).equals(labels.get(Labels.GENERATION))
                    || child.getStatus() == null || child.getStatus().phase == null || !child.getStatus().phase.terminal()) {
                continue;
            }
            Map<String, Object> values = new HashMap<>();
            for (var s : child.getStatus().steps) {
                if (s.params != null) {
                    values.putAll(s.params);
                }
                if (s.outputs != null) {
                    values.putAll(s.outputs);
                }
            }
            out.computeIfAbsent(step, k -> new HashMap<>()).put(Long.parseLong(labels.get(Labels.ITERATION)), values);
        }
        return out;
    }

    /**
     * Carries out the plan's child actions, deletions first so the number of live children never exceeds
     * what the plan keeps. Called after the plan's status is written: deleting a child whose fold was not
     * yet stored could lose its outcome; a creation lost in a crash is redone, as the index is unfinished.
     */
    void act(WorkflowInstance parent, InstanceSetup.Setup setup, Integer treeLimit, Plan plan,
             InstanceContext context) {
        List<Plan.Child> ordered = plan.children().stream()
                .sorted(java.util.Comparator.comparingInt(c -> ORDER.indexOf(c.action()))).toList();
        String ns = parent.getMetadata().getNamespace();
        Map<String, WorkflowInstance> own = new HashMap<>();
        context.children().stream().filter(i -> InstanceTree.ownedBy(i, parent))
                .forEach(i -> own.put(i.getMetadata().getName(), i));
        for (Plan.Child c : ordered) {
            String name = ChildNames.iteration(parent.getMetadata().getName(), c.step(), c.generation(), c.index());
            // Stop and delete only the parent's own child (by uid), never an instance that took its name.
            WorkflowInstance existing = own.get(name);
            if (c.action() != Plan.Child.Action.Create && existing == null) {
                continue;
            }
            try {
                switch (c.action()) {
                    case Create -> {
                        WorkflowInstance created = client.resources(WorkflowInstance.class)
                                .resource(child(parent, setup, treeLimit, c, name)).create();
                        // Seen by the next reconcile before the watch delivers it: no needless second create.
                        context.childCreated(created);
                    }
                    case Delete -> Deletes.delete(client, "/apis/" + existing.getApiVersion() + "/namespaces/" + ns
                            + "/workflowinstances/" + name, existing.getMetadata().getUid(), "Background", null);
                    case Stop -> StopPatch.set(client, existing, "Stop");
                }
            } catch (KubernetesClientException e) {
                // Exists already (create) or gone already (stop, delete): the action's goal holds.
                if (e.getCode() != 409 && e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /**
     * Hands step actions to the children that hold their steps, before the parent's status records them
     * as forwarded (so none is lost in a crash between): a whole iteration's Stop or Kill sets its
     * spec.stop; an action on a step inside is appended to its spec.actions under the same id, unless it is
     * there already (read fresh, and the patch tests the version read, so a repeated pass adds it once).
     */
    void forward(WorkflowInstance parent, List<Plan.Forward> forwards, InstanceContext context) {
        for (Plan.Forward f : forwards) {
            String name = ChildNames.iteration(parent.getMetadata().getName(), f.step(), f.generation(), f.index());
            WorkflowInstance child = client.resources(WorkflowInstance.class).inNamespace(parent.getMetadata().getNamespace())
                    .withName(name).get();
            if (child == null || !InstanceTree.ownedBy(child, parent)) {
                continue; // gone since the cache showed it running: its run has ended, and what it did stands
            }
            StepRequest r = f.request();
            if (r.path().isEmpty()) {
                StopPatch.set(client, child, r.kind() == StepRequest.Kind.Kill ? "Kill" : "Stop");
                continue;
            }
            var actions = child.getSpec() == null ? null : child.getSpec().actions;
            if (actions != null && actions.stream().anyMatch(a -> a != null && r.id().equals(a.id))) {
                continue;
            }
            Map<String, Object> action = new java.util.LinkedHashMap<>();
            action.put("id", r.id());
            action.put("action", r.kind().name());
            action.put("path", r.path());
            if (r.descendants()) {
                action.put("descendants", true);
            }
            List<Map<String, Object>> ops = new java.util.ArrayList<>();
            ops.add(Map.of("op", "test", "path", "/metadata/resourceVersion", "value", child.getMetadata().getResourceVersion()));
            if (actions == null) {
                ops.add(Map.of("op", "add", "path", "/spec/actions", "value", List.of()));
            }
            ops.add(Map.of("op", "add", "path", "/spec/actions/-", "value", action));
            client.resources(WorkflowInstance.class).inNamespace(child.getMetadata().getNamespace()).withName(name)
                    .patch(PatchContext.of(PatchType.JSON), Json.write(ops));
        }
    }

    /**
     * Stops the loop iterations of an ended instance that still run: the plan's stops are carried out after
     * the status write, so a crash or an API error between the two would otherwise leave them running with
     * no pass to redo them (an ended instance plans nothing). Subworkflow runs are left: one started without
     * waiting is meant to outlive its parent.
     */
    void stopUnfinishedIterations(WorkflowInstance parent, InstanceContext context) {
        for (WorkflowInstance child : context.children()) {
            boolean unfinished = child.getStatus() == null || child.getStatus().phase == null || !child.getStatus().phase.terminal();
            if (unfinished && InstanceTree.ownedBy(child, parent) && IterationInstances.iteration(child)
                    && (child.getSpec() == null || child.getSpec().stop == null)) {
                StopPatch.set(client, child, "Stop");
            }
        }
    }

    /** The tree's step limit, and for a subworkflow run its depth: one more than its parent's. */
    private static Map<String, String> annotations(WorkflowInstance parent, Integer treeLimit, Plan.Child c) {
        Map<String, String> out = new HashMap<>();
        if (treeLimit != null) {
            out.put(Labels.TREE_LIMIT, String.valueOf(treeLimit));
        }
        int depth = InstanceTree.subworkflowDepth(parent) + (c.subworkflow() != null ? 1 : 0);
        if (depth > 0) {
            out.put(Labels.DEPTH, String.valueOf(depth));
        }
        return out;
    }

    private static WorkflowInstance child(WorkflowInstance parent, InstanceSetup.Setup setup, Integer treeLimit, Plan.Child c,
                                          String name) {
        WorkflowInstance child = new WorkflowInstance();
        Map<String, String> labels = new HashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        labels.put(Labels.PARENT, parent.getMetadata().getName());
        labels.put(Labels.ROOT, InstanceTree.root(parent));
        labels.put(Labels.STEP, c.step());
        labels.put(Labels.GENERATION, String.valueOf(c.generation()));
        labels.put(Labels.ITERATION, String.valueOf(c.index()));
        child.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(parent.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations(parent, treeLimit, c))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(parent.getApiVersion()).withKind(parent.getKind())
                        .withName(parent.getMetadata().getName()).withUid(parent.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .build());
        WorkflowInstanceSpec spec = new WorkflowInstanceSpec();
        if (c.subworkflow() != null) {
            spec.workflowRef = new WorkflowInstanceSpec.WorkflowRef();
            spec.workflowRef.name = c.subworkflow().workflow();
            spec.params = c.subworkflow().params();
            spec.inheritedParams = c.subworkflow().inherited();
            child.setSpec(spec);
            return child;
        }
        spec.workflowRef = parent.getSpec().workflowRef;
        spec.params = setup.params();
        WorkflowInstanceSpec.BodyRef body = new WorkflowInstanceSpec.BodyRef();
        body.revision = setup.revision();
        body.path = new ArrayList<>(setup.path());
        body.path.add(c.step());
        spec.body = body;
        // Nested loops: an inner iteration sees the outer loop's variables too.
        Map<String, Object> loop = new HashMap<>(parent.getSpec().loopParams == null ? Map.of() : parent.getSpec().loopParams);
        loop.putAll(c.loopParams());
        spec.loopParams = loop;
        // A breakpoint on this very iteration (spec.breakpoints: [step[i]]): it is created paused, and
        // starts when resumed (spec.suspend: false on it, kubectl baton resume INSTANCE 'step[i]').
        List<String> breakpoints = parent.getSpec().breakpoints;
        if (breakpoints != null && breakpoints.contains(c.step() + "[" + c.index() + "]")) {
            spec.suspend = true;
        }
        child.setSpec(spec);
        return child;
    }
}
