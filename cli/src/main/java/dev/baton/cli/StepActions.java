package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Actions on one step of a run, nested paths included ({@code per-region[17]/load}): skip, bypass and retry
 * go through spec.actions (see {@link StepActionRequest}); break adds a breakpoint at run time
 * (spec.breakpoints of the instance that runs the step).
 */
final class StepActions {
    private StepActions() {
    }

    /** A step action through spec.actions, answered by the operator. */
    abstract static class Request extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;

        @Parameters(index = "1", paramLabel = "PATH", description = "The step: step, loop[i]/step, subworkflow/step, nested.")
        String path;

        @Option(names = "--no-wait", description = "Ask and return, without waiting for the operator's answer.")
        boolean noWait;

        abstract String action();

        Boolean descendants() {
            return null;
        }

        @Override
        protected int run(Cluster cluster) {
            return StepActionRequest.ask(cluster, cli, out(), instance, action(), path, descendants(), !noWait);
        }
    }

    @Command(name = "skip", description = "End a step that has not finished as Skipped; its descendants follow the usual rules.")
    static final class Skip extends Request {
        @Override
        String action() {
            return "Skip";
        }
    }

    @Command(name = "bypass", description = "Start a waiting step now, whatever its dependencies.")
    static final class Bypass extends Request {
        @Override
        String action() {
            return "Bypass";
        }
    }

    @Command(name = "retry", description = "Run an ended step again (a new attempt), in a running or ended run.")
    static final class Retry extends Request {
        @Option(names = "--descendants", description = "Also run the steps after it again.")
        boolean descendants;

        @Override
        String action() {
            return "Restart";
        }

        @Override
        Boolean descendants() {
            return descendants ? true : null;
        }
    }

    @Command(name = "break", description = {"Give a step a breakpoint while the run goes on: it waits before it starts",
            "until `kubectl baton resume INSTANCE PATH` (or --remove)."})
    static final class Break extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;

        @Parameters(index = "1", paramLabel = "PATH", description = "The step: step, loop[i]/step, subworkflow/step, nested; or an iteration, loop[i], which then starts paused.")
        String path;

        @Option(names = "--remove", description = "Take the breakpoint away instead.")
        boolean remove;

        @Override
        protected int run(Cluster cluster) {
            StepPath any = StepPath.parseAny(path);
            StepPath.Segment last = any.segments().get(any.segments().size() - 1);
            if (last.index() != null) {
                // One iteration: the instance that runs the loop step creates it paused.
                WorkflowInstance owner = new PathResolver(cluster).instanceOf(cluster.instance(instance), any);
                PathResolver.step(owner, last.step(), path);
                SpecLists.update(cluster, owner.getMetadata().getName(), "breakpoints",
                        current -> edited(current.getSpec().breakpoints, last.toString(), !remove));
                out().println("workflowinstance.baton.dev/" + owner.getMetadata().getName() + " breakpoint on iteration " + last
                        + (remove ? " removed" : " set: it starts paused; `resume " + instance + " '" + path + "'` lets it run"));
                return ExitCodes.OK;
            }
            String name = editList(cluster, instance, path, "breakpoints", i -> i.getSpec().breakpoints, !remove);
            String step = StepPath.parse(path).step();
            out().println("workflowinstance.baton.dev/" + name + " breakpoint on " + step + (remove ? " removed" : " set"));
            return ExitCodes.OK;
        }
    }

    /**
     * Adds the step a path names to (or takes it out of) a list of step names in the spec of the instance that
     * runs it (the path's iteration or subworkflow run); returns that instance's name.
     */
    static String editList(Cluster cluster, String instance, String path, String field,
                           java.util.function.Function<WorkflowInstance, List<String>> list, boolean add) {
        StepPath parsed = StepPath.parse(path);
        WorkflowInstance owner = new PathResolver(cluster).instanceOf(cluster.instance(instance), parsed);
        String step = PathResolver.step(owner, parsed.step(), path).name;
        String name = owner.getMetadata().getName();
        SpecLists.update(cluster, name, field, current -> edited(list.apply(current), step, add));
        return name;
    }

    /** A list of step names with {@code step} added (once) or taken out. */
    static List<String> edited(List<String> names, String step, boolean add) {
        List<String> out = new ArrayList<>(names == null ? List.of() : names);
        out.remove(step);
        if (add) {
            out.add(step);
        }
        return out;
    }
}
