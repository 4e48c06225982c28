package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepKind;
import dev.baton.engine.model.StepPhase;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step actions of one planning pass. Each request is taken, handed to a child instance, or refused
 * in the pass that first sees it, and the plan records which: the status written with the pass's other
 * decisions is what makes a request taken once. A request on a step of this run is applied as the
 * planner reaches the step (ancestors first, so a restart's descendants are reset when their turn
 * comes); a path into a loop iteration or a subworkflow run is handed to that child, whose own planner
 * takes it. Two requests on one step in one pass: the second waits for the next pass.
 */
final class StepRequests {
    /** {@code name}, {@code name[index]}, then optionally {@code /rest}. */
    private static final Pattern PATH = Pattern.compile("([a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?)(\\[(\\d{1,18})])?(/(.+))?");

    private final StepRunners runners;
    private final PlanBuilder out;
    private final Map<String, StepRequest> local = new LinkedHashMap<>();
    private final Set<String> resetting = new HashSet<>();
    private final Set<String> bypassing = new HashSet<>();
    private final Definition definition;
    /** The graph has ended and its exit hooks run: its steps are not run again before the instance ends. */
    private final boolean hooksRun;

    StepRequests(Definition definition, RunState run, StepRunners runners, PlanBuilder out) {
        this.runners = runners;
        this.out = out;
        this.definition = definition;
        this.hooksRun = ExitHookPlanner.graphEnded(definition, run.steps());
        Set<String> ids = new HashSet<>();
        for (StepRequest r : run.controls().requests()) {
            if (r.kind() == null) {
                refuse(r, "unknown action: Skip, Bypass, Stop, Kill or Restart");
                continue;
            }
            if (!ids.add(r.id())) {
                refuse(r, "another action has the id " + r.id());
                continue;
            }
            Matcher m = PATH.matcher(r.path() == null ? "" : r.path());
            if (!m.matches()) {
                refuse(r, "path \"" + r.path() + "\" is not a step path (step, step[iteration], step[iteration]/step, step/step)");
                continue;
            }
            Step step = definition.step(m.group(1));
            if (step == null) {
                refuse(r, "path " + r.path() + ": the workflow has no step " + m.group(1) + " (steps: "
                        + String.join(", ", definition.steps().order()) + ")");
                continue;
            }
            if (m.group(4) != null || m.group(6) != null) {
                forward(r, step, m.group(4) == null ? null : Long.parseLong(m.group(4)), m.group(6), run);
            } else if (!local.containsKey(step.name())) {
                local.put(step.name(), r);
            }
        }
    }

    /**
     * Applies the request on this step, if any, and the reset of a restarted ancestor's descendant;
     * returns the state the planner goes on from.
     */
    StepState before(Step step, Graph graph, StepState current) {
        StepState state = current;
        if (resetting.contains(step.name()) && state.phase() != StepPhase.Pending) {
            state = halt(step, state, "restarted with an ancestor").reset();
        }
        StepRequest r = local.get(step.name());
        if (r == null) {
            return state;
        }
        String why = "by request " + r.id();
        StepPhase phase = state.phase();
        switch (r.kind()) {
            case Skip -> {
                if (phase.terminal()) {
                    return refused(r, state, "step " + step.name() + " has ended (" + phase + "): nothing to skip");
                }
                done(r, "step " + step.name() + " skipped");
                return halt(step, state, "skipped " + why).withPhase(StepPhase.Skipped, out.now(), "skipped " + why);
            }
            case Kill -> {
                if (phase != StepPhase.Running) {
                    return refused(r, state, "step " + step.name() + " is " + phase + ": only a running step is killed");
                }
                done(r, "step " + step.name() + " killed");
                // A failure like any other: onFailure says what it does to the run.
                StepPhase failed = step.onFailure() == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
                return halt(step, state, "killed " + why).withPhase(failed, out.now(), "killed " + why);
            }
            case Stop -> {
                if (phase != StepPhase.Running) {
                    return refused(r, state, "step " + step.name() + " is " + phase + ": only a running step is stopped");
                }
                if (step.attempted() == null) {
                    return refused(r, state, "step " + step.name() + " is a " + step.kind() + " step: Stop lets a leaf step's"
                            + " attempt end; stop a loop's iteration by its path (" + step.name() + "[i]) or Kill the step");
                }
                out.noRetry(step.name());
                done(r, "step " + step.name() + " ends with its running attempt");
                return state;
            }
            case Restart -> {
                if (!phase.terminal()) {
                    return refused(r, state, "step " + step.name() + " is " + phase + ": only an ended step is restarted");
                }
                if (hooksRun && !definition.isExitHook(step.name())) {
                    return refused(r, state, "the graph has ended and its exit hooks run: restart step " + step.name()
                            + " once the instance has ended");
                }
                if (r.descendants()) {
                    resetting.addAll(graph.descendants(step.name()));
                }
                done(r, "step " + step.name() + " restarted" + (r.descendants() ? " with the steps after it" : ""));
                return state.reset();
            }
            case Bypass -> {
                if (phase != StepPhase.Pending && phase != StepPhase.WaitingForSignal && phase != StepPhase.WaitingForPermit) {
                    return refused(r, state, "step " + step.name() + " is " + phase + ": only a step that waits is started early");
                }
                if (definition.isExitHook(step.name())) {
                    return refused(r, state, "step " + step.name() + " is an exit hook: it starts once the graph has ended");
                }
                bypassing.add(step.name());
                done(r, "step " + step.name() + " started without waiting for its dependencies");
                return state;
            }
            default -> throw new IllegalStateException(r.kind().name());
        }
    }

    /** True when the step starts now whatever its dependencies and signals (a Bypass taken this pass). */
    boolean bypasses(String step) {
        return bypassing.contains(step);
    }

    /**
     * A path into a child: an iteration of a foreach ({@code each[3]}, {@code each[3]/load}), the current
     * iteration of a while, or a subworkflow's run ({@code sub/load}). The child must run now: an ended
     * iteration was counted by the loop, and what it did stands.
     */
    private void forward(StepRequest r, Step step, Long index, String rest, RunState run) {
        StepState state = run.steps().get(step.name());
        String where = "path " + r.path() + ": ";
        if (step.kind() != StepKind.foreach && step.kind() != StepKind.whileLoop && step.kind() != StepKind.subworkflow) {
            refuse(r, where + "step " + step.name() + " is a " + step.kind() + " step, which has no iterations or child run");
            return;
        }
        if (step.kind() == StepKind.subworkflow ? index != null : index == null) {
            refuse(r, where + (index == null ? "name an iteration of " + step.name() + ", as " + step.name() + "[0]"
                    : step.name() + " is a subworkflow step: name its steps as " + step.name() + "/step"));
            return;
        }
        if (state == null || state.phase() != StepPhase.Running) {
            refuse(r, where + "step " + step.name() + " is " + (state == null ? StepPhase.Pending : state.phase())
                    + ": only a running step's " + (index == null ? "child run" : "iterations") + " are acted on");
            return;
        }
        long child = index == null ? 0 : index;
        boolean running = run.children().getOrDefault(step.name(), List.of()).stream()
                .anyMatch(c -> c.index() == child && c.phase() == ForeachPlanner.ChildPhase.Running);
        if (!running) {
            refuse(r, where + (index == null ? "the run of " + step.name() : "iteration " + index + " of " + step.name())
                    + " is not running (not started yet, or ended: what an ended iteration did stands)");
            return;
        }
        if (rest == null && r.kind() != StepRequest.Kind.Stop && r.kind() != StepRequest.Kind.Kill) {
            refuse(r, where + "a whole iteration is stopped or killed; name one of its steps for " + r.kind()
                    + " (" + r.path() + "/step)");
            return;
        }
        out.forward(new Plan.Forward(step.name(), state.firstAttempt(), child,
                new StepRequest(r.id(), r.kind(), rest == null ? "" : rest, r.descendants())));
        out.action(new Plan.ActionTaken(r, Plan.ActionTaken.Outcome.Forwarded,
                "handed to " + (index == null ? "the run of " + step.name() : "iteration " + index + " of " + step.name())));
    }

    /** Stops what the step runs (its pod, its iterations) and ends its running attempt. */
    private StepState halt(Step step, StepState state, String why) {
        return state.phase() == StepPhase.Running ? runners.of(step.kind()).halt(step, state, why, out) : state;
    }

    private void done(StepRequest r, String what) {
        out.action(new Plan.ActionTaken(r, Plan.ActionTaken.Outcome.Done, what));
    }

    private StepState refused(StepRequest r, StepState state, String why) {
        refuse(r, why);
        return state;
    }

    private void refuse(StepRequest r, String why) {
        out.action(new Plan.ActionTaken(r, Plan.ActionTaken.Outcome.Refused, why));
    }
}
