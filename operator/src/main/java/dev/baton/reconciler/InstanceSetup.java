package dev.baton.reconciler;

import dev.baton.api.Nesting;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.ParamResolver;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.FieldError;
import dev.baton.executor.Labels;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an instance runs: the compiled definition of its pinned revision and its resolved params. Pinned
 * once, at the first reconcile, and read back from status afterwards; everything that is wrong is
 * reported at once. Reads only: a revision that must be stored before the status pins it is handed to
 * the actuator in {@link Setup#toStore()}.
 */
@ApplicationScoped
public class InstanceSetup {
    private final WorkflowRevisions revisions;
    private final ParamResolver params = new ParamResolver();
    private final PodPolicyCheck podPolicy;
    /** Where a child's parent is found, to check the Secret references it was handed. */
    private final InstanceIndex instances;

    public InstanceSetup(WorkflowRevisions revisions, PodPolicyCheck podPolicy, InstanceIndex instances) {
        this.revisions = revisions;
        this.podPolicy = podPolicy;
        this.instances = instances;
    }

    /**
     * Either a runnable setup or the reason why the instance cannot run.
     *
     * @param path    the loop steps leading to the body a loop iteration runs, outer first; empty otherwise
     * @param toStore the Workflow whose revision this setup pins for the first time, or null
     */
    public record Setup(String revision, Definition definition, Map<String, Object> params, EventReason invalidReason,
                        String invalidMessage, List<String> path, Workflow toStore) {
        boolean valid() {
            return invalidReason == null;
        }

        static Setup invalid(String revision, EventReason reason, String message) {
            return new Setup(revision, null, null, reason, message, List.of(), null);
        }
    }

    /** {@code workflows} finds a Workflow by name in the instance's namespace (the operator's cache). */
    public Setup resolve(WorkflowInstance instance, Function<String, Workflow> workflows) {
        WorkflowInstanceStatus status = instance.getStatus();
        String ns = instance.getMetadata().getNamespace();
        if (instance.getMetadata().getName().length() > 63) {
            return Setup.invalid(null, EventReason.NameTooLong, "metadata.name: at most 63 characters, as it labels the step pods");
        }
        // Measured when the run starts, before its params are resolved and stored; later passes read the status.
        String deep = status != null && status.revision != null ? null : Nesting.tooDeep(instance.getSpec(), "spec");
        if (deep != null) {
            return Setup.invalid(null, EventReason.InvalidParams, Nesting.message(deep));
        }
        if (IterationInstances.iteration(instance)) {
            List<FieldError> unheld = unheldSecrets(instance);
            return unheld.isEmpty() ? body(instance) : Setup.invalid(null, EventReason.InvalidParams, join(unheld));
        }
        String revision = status == null ? null : status.revision;
        Definition definition;
        Workflow toStore = null;
        if (revision == null) {
            String ref = instance.getSpec() == null || instance.getSpec().workflowRef == null ? null : instance.getSpec().workflowRef.name;
            Workflow workflow = ref == null ? null : workflows.apply(ref);
            if (workflow == null) {
                return Setup.invalid(null, EventReason.WorkflowNotFound, "spec.workflowRef.name: Workflow \"" + ref + "\" not found in namespace " + ns);
            }
            String verdict = invalidVerdict(workflow);
            if (verdict != null) {
                return Setup.invalid(null, EventReason.InvalidWorkflow, "Workflow " + ref + " is invalid: " + verdict);
            }
            String deepWorkflow = Nesting.tooDeep(workflow.getSpec(), "spec");
            if (deepWorkflow != null) {
                return Setup.invalid(null, EventReason.InvalidWorkflow, "Workflow " + ref + " is invalid: " + Nesting.message(deepWorkflow));
            }
            revision = WorkflowRevisions.nameOf(workflow);
            WorkflowCompiler.Compilation compiled = revisions.compile(workflow, revision);
            if (!compiled.valid()) {
                return Setup.invalid(null, EventReason.InvalidWorkflow, "Workflow " + ref + " is invalid: " + join(compiled.errors()));
            }
            List<FieldError> refused = podPolicy.refusals(workflow, revision);
            if (!refused.isEmpty()) {
                return Setup.invalid(null, EventReason.InvalidWorkflow, "Workflow " + ref + " is invalid: " + join(refused));
            }
            definition = compiled.definition();
            toStore = workflow;
        } else {
            definition = revisions.load(ns, revision);
            if (definition == null) {
                return Setup.invalid(revision, EventReason.RevisionNotFound, "status.revision: ControllerRevision " + revision + " is gone");
            }
        }
        if (status != null && status.params != null) {
            return new Setup(revision, definition, status.params, null, null, List.of(), toStore);
        }
        List<FieldError> unheld = unheldSecrets(instance);
        if (!unheld.isEmpty()) {
            return Setup.invalid(revision, EventReason.InvalidParams, join(unheld));
        }
        ParamResolver.Resolution resolved = params.resolve(definition.params(), given(instance, definition),
                InstanceTree.isChild(instance));
        if (!resolved.errors().isEmpty()) {
            return Setup.invalid(revision, EventReason.InvalidParams, join(resolved.errors()));
        }
        return new Setup(revision, definition, resolved.values(), null, null, List.of(), toStore);
    }

    /**
     * The root instance's instanceStepConcurrency, which caps leaf steps across its whole tree: a root
     * reads it from its pinned definition, and hands it to its children in an annotation, so no child has
     * to find the root in a cache that may not have seen it yet.
     */
    static Integer treeLimit(WorkflowInstance instance, Setup s) {
        if (InstanceTree.root(instance).equals(instance.getMetadata().getName())) {
            return s.definition().instanceStepConcurrency();
        }
        return InstanceTree.treeLimitAnnotation(instance);
    }

    /**
     * The Workflow controller's Valid=False verdict on the workflow's current spec, or null. It knows what
     * compiling one spec cannot: a chain of subworkflows that comes back to the workflow.
     */
    private static String invalidVerdict(Workflow workflow) {
        if (workflow.getStatus() == null || workflow.getStatus().conditions == null) {
            return null;
        }
        return workflow.getStatus().conditions.stream()
                .filter(c -> ConditionType.Valid.name().equals(c.getType()) && "False".equals(c.getStatus())
                        && java.util.Objects.equals(c.getObservedGeneration(), workflow.getMetadata().getGeneration()))
                .map(c -> c.getMessage()).findFirst().orElse(null);
    }

    /** For a child instance: the Secret references in its params that its parent does not hold. */
    private List<FieldError> unheldSecrets(WorkflowInstance instance) {
        if (!InstanceTree.isChild(instance)) {
            return List.of();
        }
        String parent = instance.getMetadata().getLabels().get(Labels.PARENT);
        return ParentSecretRefs.check(instance, instances.get(instance.getMetadata().getNamespace(), parent));
    }

    /** The instance's params, plus the inherited ones its workflow declares (a subworkflow child's). */
    private static Map<String, Object> given(WorkflowInstance instance, Definition definition) {
        Map<String, Object> inherited = InstanceTree.isChild(instance) ? instance.getSpec().inheritedParams : null;
        if (inherited == null) {
            return instance.getSpec().params;
        }
        Map<String, Object> given = new LinkedHashMap<>();
        inherited.forEach((k, v) -> {
            if (definition.params().containsKey(k)) {
                given.put(k, v);
            }
        });
        if (instance.getSpec().params != null) {
            given.putAll(instance.getSpec().params);
        }
        return given;
    }

    /**
     * A loop iteration runs the body found by following spec.body.path through the loop steps of the
     * root's pinned revision, with the parent's resolved params.
     */
    private Setup body(WorkflowInstance instance) {
        var body = instance.getSpec().body;
        Definition root = revisions.load(instance.getMetadata().getNamespace(), body.revision);
        if (root == null) {
            return Setup.invalid(body.revision, EventReason.RevisionNotFound, "spec.body.revision: ControllerRevision " + body.revision + " is gone");
        }
        List<String> path = body.path == null ? List.of() : List.copyOf(body.path);
        Definition definition = root.body(path);
        if (definition == null) {
            return Setup.invalid(body.revision, EventReason.BodyNotFound, "spec.body.path: no loop step " + String.join("/", path));
        }
        Map<String, Object> values = instance.getSpec().params == null ? Map.of() : instance.getSpec().params;
        return new Setup(body.revision, definition, values, null, null, path, null);
    }

    private static String join(List<FieldError> errors) {
        return FieldError.summary(errors);
    }
}
