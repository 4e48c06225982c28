package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.api.WorkflowSpec;
import dev.baton.engine.FieldError;
import dev.baton.engine.ParamResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an instance runs: the pinned revision of its Workflow and its resolved params. Pinned once, at the
 * first reconcile, and read back from status afterwards; everything that is wrong is reported at once.
 */
@ApplicationScoped
public class InstanceSetup {
    private final KubernetesClient client;
    private final WorkflowRevisions revisions;
    private final SpecChecker checker;
    private final ParamResolver params = new ParamResolver();

    public InstanceSetup(KubernetesClient client, WorkflowRevisions revisions, SpecChecker checker) {
        this.client = client;
        this.revisions = revisions;
        this.checker = checker;
    }

    /** Either a runnable setup or the reason why the instance cannot run. */
    public record Setup(String revision, WorkflowSpec spec, Map<String, Object> params, String invalidReason,
                        String invalidMessage, List<String> path) {
        boolean valid() {
            return invalidReason == null;
        }

        static Setup invalid(String revision, String reason, String message) {
            return new Setup(revision, null, null, reason, message, List.of());
        }
    }

    public Setup resolve(WorkflowInstance instance) {
        WorkflowInstanceStatus status = instance.getStatus();
        String ns = instance.getMetadata().getNamespace();
        if (instance.getMetadata().getName().length() > 63) {
            return Setup.invalid(null, "NameTooLong", "metadata.name: at most 63 characters, as it labels the step pods");
        }
        if (IterationStatus.iteration(instance)) {
            return body(instance);
        }
        String revision = status == null ? null : status.revision;
        WorkflowSpec spec;
        if (revision == null) {
            String ref = instance.getSpec() == null || instance.getSpec().workflowRef == null ? null : instance.getSpec().workflowRef.name;
            Workflow workflow = ref == null ? null : client.resources(Workflow.class).inNamespace(ns).withName(ref).get();
            if (workflow == null) {
                return Setup.invalid(null, "WorkflowNotFound", "spec.workflowRef.name: Workflow \"" + ref + "\" not found in namespace " + ns);
            }
            spec = workflow.getSpec();
            List<FieldError> errors = checker.check(spec);
            if (!errors.isEmpty()) {
                return Setup.invalid(null, "InvalidWorkflow", "Workflow " + ref + " is invalid: " + join(errors));
            }
            revision = revisions.ensure(workflow);
        } else {
            spec = revisions.load(ns, revision);
            if (spec == null) {
                return Setup.invalid(revision, "RevisionNotFound", "status.revision: ControllerRevision " + revision + " is gone");
            }
        }
        if (status != null && status.params != null) {
            return new Setup(revision, spec, status.params, null, null, List.of());
        }
        ParamResolver.Resolution resolved = params.resolve(spec.params, given(instance, spec));
        if (!resolved.errors().isEmpty()) {
            return Setup.invalid(revision, "InvalidParams", join(resolved.errors()));
        }
        return new Setup(revision, spec, resolved.values(), null, null, List.of());
    }

    /**
     * The root instance's instanceStepConcurrency, which caps leaf steps across its whole tree: a root
     * reads it from its pinned spec, and hands it to its children in an annotation, so no child has to
     * find the root in a cache that may not have seen it yet.
     */
    static Integer treeLimit(WorkflowInstance instance, Setup s) {
        if (InstanceTree.root(instance).equals(instance.getMetadata().getName())) {
            return s.spec().instanceStepConcurrency;
        }
        var annotations = instance.getMetadata().getAnnotations();
        String limit = annotations == null ? null : annotations.get(dev.baton.executor.Labels.TREE_LIMIT);
        return limit == null ? null : Integer.valueOf(limit);
    }

    /** The instance's params, plus the inherited ones its workflow declares (a subworkflow child's). */
    private static Map<String, Object> given(WorkflowInstance instance, WorkflowSpec spec) {
        Map<String, Object> inherited = instance.getSpec().inheritedParams;
        if (inherited == null || spec.params == null) {
            return instance.getSpec().params;
        }
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        inherited.forEach((k, v) -> {
            if (spec.params.containsKey(k)) {
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
     * root's pinned revision, with the root's settings and the parent's resolved params.
     */
    private Setup body(WorkflowInstance instance) {
        var body = instance.getSpec().body;
        WorkflowSpec root = revisions.load(instance.getMetadata().getNamespace(), body.revision);
        if (root == null) {
            return Setup.invalid(body.revision, "RevisionNotFound", "spec.body.revision: ControllerRevision " + body.revision + " is gone");
        }
        List<dev.baton.api.Step> steps = root.steps;
        for (String name : body.path) {
            var loop = steps.stream().filter(s -> name.equals(s.name) && (s.foreach != null || s.whileLoop != null)).findFirst();
            if (loop.isEmpty()) {
                return Setup.invalid(body.revision, "BodyNotFound", "spec.body.path: no loop step " + name);
            }
            steps = loop.get().foreach != null ? loop.get().foreach.steps : loop.get().whileLoop.steps;
        }
        WorkflowSpec spec = new WorkflowSpec();
        spec.params = root.params;
        spec.defaults = root.defaults;
        spec.steps = steps;
        Map<String, Object> values = instance.getSpec().params == null ? Map.of() : instance.getSpec().params;
        return new Setup(body.revision, spec, values, null, null, List.copyOf(body.path));
    }

    private static String join(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
