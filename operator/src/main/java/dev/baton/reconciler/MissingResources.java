package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Attempt;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepKind;
import dev.baton.executor.ResourceStepObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects of resource steps' running attempts that the operator's cache has lost sight of, read from the API
 * server, for the reason {@link MissingAttempts} reads Jobs and Pods: a cache behind a broken watch must not make
 * the engine call an attempt deleted and start the next beside it. Only attempts overdue by
 * {@link Attempt#VANISH_GRACE} are asked for; a GET that fails fails the reconcile, which decides nothing.
 */
final class MissingResources {
    private MissingResources() {
    }

    /** The cached objects, with those of overdue running attempts that the cache lacks but the API server has. */
    static Collection<GenericKubernetesResource> confirm(ResourceStepObjects objects, WorkflowInstance instance,
                                                         Definition definition, Collection<GenericKubernetesResource> cached,
                                                         Instant now) {
        var status = instance.getStatus();
        if (status == null || status.steps == null) {
            return cached;
        }
        Set<String> names = new HashSet<>();
        cached.forEach(o -> names.add(o.getMetadata().getName()));
        List<GenericKubernetesResource> found = new ArrayList<>();
        for (StepStatus s : status.steps) {
            Step step = definition.step(s.name);
            if (step == null || step.kind() != StepKind.resource) {
                continue;
            }
            for (AttemptStatus a : s.attempts == null ? List.<AttemptStatus>of() : s.attempts) {
                String name = a.resource == null ? null : a.resource.substring(a.resource.indexOf('/') + 1);
                if (name != null && MissingAttempts.overdue(a, now) && !names.contains(name)) {
                    GenericKubernetesResource o = objects.get(instance, step.resource().apiVersion(), step.resource().kind(), name);
                    if (o != null) {
                        found.add(o);
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return cached;
        }
        found.addAll(cached);
        return found;
    }

}
