package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The actions on a whole run that WorkflowInstance.spec has today: each writes its field with a JSON merge
 * patch (the same as the README's kubectl patch lines), and the operator does the rest.
 */
final class InstanceActions {
    private InstanceActions() {
    }

    /** An action on one instance: the spec fields to write, after a check of the instance as it is. */
    abstract static class Action extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "INSTANCE")
        String instance;

        /** The spec fields to merge, or an error when the action makes no sense for this instance. */
        abstract Map<String, Object> spec(WorkflowInstance current);

        /** What was asked, for the one line printed ("stop requested"). */
        abstract String done();

        @Override
        protected int run(Cluster cluster) {
            WorkflowInstance current = cluster.instance(instance);
            String patch = Json.write(Map.of("spec", spec(current)));
            cluster.instances().inNamespace(cluster.namespace()).withName(instance)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            out().println("workflowinstance.baton.dev/" + instance + " " + done());
            return ExitCodes.OK;
        }
    }

    /**
     * Stop and kill: of the whole run (spec.stop), or with a PATH of one step (the step action of the same
     * name). One that has ended has nothing to stop.
     */
    abstract static class EndAction extends Action {
        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "One step (or loop iteration) instead of the run.")
        String path;

        @Option(names = "--no-wait", description = "With PATH: ask and return, without waiting for the operator's answer.")
        boolean noWait;

        /** Stop or Kill: spec.stop's value and the step action's. */
        private final String mode;

        EndAction(String mode) {
            this.mode = mode;
        }

        @Override
        protected int run(Cluster cluster) {
            return path == null ? super.run(cluster) : StepActionRequest.ask(cluster, cli, out(), instance, mode, path, null, !noWait);
        }

        @Override
        Map<String, Object> spec(WorkflowInstance current) {
            String verb = mode.toLowerCase(java.util.Locale.ROOT);
            InstancePhase phase = RunWaiter.phase(current);
            if (phase != null && phase.terminal()) {
                throw UserError.of("workflowinstance.baton.dev/" + current.getMetadata().getName() + " has already ended ("
                        + phase + "): nothing to " + verb);
            }
            return Map.of("stop", mode);
        }

        @Override
        String done() {
            return mode.toLowerCase(java.util.Locale.ROOT) + " requested";
        }
    }

    @Command(name = "stop", description = {"End a run now: running pods are deleted, the run ends Stopped (spec.stop: Stop).",
            "With PATH, one running step: its attempt is its last (a Stop step action)."})
    static final class Stop extends EndAction {
        Stop() {
            super("Stop");
        }
    }

    @Command(name = "kill", description = {"End a run now as Failed: running pods are deleted (spec.stop: Kill).",
            "With PATH, one running step: its pod is deleted and it fails (a Kill step action)."})
    static final class Kill extends EndAction {
        Kill() {
            super("Kill");
        }
    }

    @Command(name = "suspend", description = "Pause a run: running steps finish, no step starts (spec.suspend: true).")
    static final class Suspend extends Action {
        @Override
        Map<String, Object> spec(WorkflowInstance current) {
            return Map.of("suspend", true);
        }

        @Override
        String done() {
            return "suspended";
        }
    }

    @Command(name = "resume", description = {"Resume a paused run (spec.suspend: false).",
            "With PATH, let a step waiting at its breakpoint start (spec.resumeSteps of the instance that runs it)."})
    static final class Resume extends Action {
        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A step waiting at its breakpoint, or an iteration (loop[i]) created paused by one.")
        String path;

        @Override
        protected int run(Cluster cluster) {
            if (path == null) {
                return super.run(cluster);
            }
            StepPath any = StepPath.parseAny(path);
            if (any.segments().get(any.segments().size() - 1).index() != null) {
                // An iteration paused at its breakpoint: its own instance is resumed.
                List<StepPath.Segment> through = new java.util.ArrayList<>(any.segments());
                through.add(new StepPath.Segment("step", null));
                WorkflowInstance iteration = new PathResolver(cluster).instanceOf(cluster.instance(instance), new StepPath(through));
                String name = iteration.getMetadata().getName();
                cluster.instances().inNamespace(cluster.namespace()).withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(Map.of("spec", Map.of("suspend", false))));
                out().println("workflowinstance.baton.dev/" + name + " (" + path + ") resumed");
                return ExitCodes.OK;
            }
            String name = StepActions.editList(cluster, instance, path, "resumeSteps", i -> i.getSpec().resumeSteps, true);
            String step = StepPath.parse(path).step();
            out().println("workflowinstance.baton.dev/" + name + " " + step + " may pass its breakpoint");
            return ExitCodes.OK;
        }

        @Override
        Map<String, Object> spec(WorkflowInstance current) {
            return Map.of("suspend", false);
        }

        @Override
        String done() {
            return "resumed";
        }
    }

    @Command(name = "restart", description = {"Start a new run of an ended instance (spec.restart with a new nonce; spec.stop cleared).",
            "Default: rerun the steps that did not succeed; --from STEP: that step and every step after it; --from-beginning: all."})
    static final class Restart extends Action {
        @Option(names = "--from", paramLabel = "STEP", description = "Rerun this step and every step after it.")
        String from;

        @Option(names = "--from-beginning", description = "Rerun every step.")
        boolean fromBeginning;

        @Override
        Map<String, Object> spec(WorkflowInstance current) {
            if (from != null && fromBeginning) {
                throw UserError.usage("--from and --from-beginning exclude each other");
            }
            InstancePhase phase = RunWaiter.phase(current);
            if (phase == null || !phase.terminal()) {
                throw UserError.of("workflowinstance.baton.dev/" + instance + " is " + (phase == null ? "not started" : phase)
                        + ": a restart serves an ended run (stop it first)");
            }
            if (from != null && current.getStatus().steps.stream().noneMatch(st -> from.equals(st.name))) {
                throw UserError.of("workflowinstance.baton.dev/" + instance + " has no step \"" + from + "\" (steps: "
                        + String.join(", ", current.getStatus().steps.stream().map(st -> st.name).toList()) + ")");
            }
            Map<String, Object> restart = new LinkedHashMap<>();
            restart.put("policy", from != null ? "FromStep" : fromBeginning ? "FromBeginning" : "FromIncomplete");
            if (from != null) {
                restart.put("step", from);
            }
            // A new value each time: the operator serves each nonce once, and status.restartNonce holds the last served.
            restart.put("nonce", "cli-" + cli.clock().millis());
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("stop", "");
            spec.put("restart", restart);
            return spec;
        }

        @Override
        String done() {
            return "restart requested";
        }
    }
}
