package dev.baton.cli;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import java.util.Comparator;
import java.util.List;

/** Finds the instance that runs the leaf step of a {@link StepPath}: the iterations and subworkflow runs along it. */
final class PathResolver {
    private final Cluster cluster;

    PathResolver(Cluster cluster) {
        this.cluster = cluster;
    }

    WorkflowInstance instanceOf(WorkflowInstance root, StepPath path) {
        WorkflowInstance current = root;
        StringBuilder walked = new StringBuilder();
        for (StepPath.Segment segment : path.parents()) {
            StepStatus loop = step(current, segment.step(), walked + segment.step());
            walked.append(segment).append('/');
            List<WorkflowInstance> children = cluster.instances().inNamespace(cluster.namespace())
                    .withLabel(Labels.PARENT, current.getMetadata().getName()).withLabel(Labels.STEP, loop.name)
                    .list().getItems();
            current = pick(children, segment, loop, walked.toString());
        }
        return current;
    }

    /** The iteration the segment names; without an index, the subworkflow run or the latest while iteration. */
    private static WorkflowInstance pick(List<WorkflowInstance> children, StepPath.Segment segment, StepStatus loop, String walked) {
        if (segment.index() != null) {
            return children.stream().filter(c -> InstanceTree.iteration(c) == segment.index()).findFirst()
                    .orElseThrow(() -> UserError.of("iteration " + segment + " has no instance"
                            + (loop.foreach != null ? " (not started yet, or finished and deleted past the loop's retention)" : "")));
        }
        if (loop.foreach != null) {
            throw UserError.usage(segment.step() + " is a foreach: name an iteration, e.g. " + segment.step() + "[0]/STEP");
        }
        return children.stream().max(Comparator.comparingLong(InstanceTree::iteration))
                .orElseThrow(() -> UserError.of(walked.substring(0, walked.length() - 1) + " has no run (yet)"));
    }

    /** A step of an instance by name, or an error that lists the steps it has. */
    static StepStatus step(WorkflowInstance owner, String name, String where) {
        List<StepStatus> steps = owner.getStatus() == null ? List.of() : owner.getStatus().steps;
        return steps.stream().filter(s -> name.equals(s.name)).findFirst()
                .orElseThrow(() -> UserError.of("workflowinstance.baton.dev/" + owner.getMetadata().getName() + " has no step \""
                        + where + "\"" + (steps.isEmpty() ? "" : " (steps: " + String.join(", ", steps.stream().map(s -> s.name).toList()) + ")")));
    }
}
