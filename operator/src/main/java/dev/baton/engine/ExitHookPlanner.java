package dev.baton.engine;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.ExitHook;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The exit hooks of a run (Argo's onExit, Tekton's finally): steps that start once every step of the graph
 * has ended, if their {@code when} matches the graph's outcome, and read it as {@code instance.phase} with
 * the failed steps as {@code instance.failedSteps}. While they run the instance stays Running (it keeps its
 * run slot); it then ends with the graph's outcome, or Failed when a hook with failInstance failed.
 *
 * <p>The outcome is recomputed from the graph's step states on every pass and does not move once the graph
 * has ended: a Stop that arrives later lets the hooks run on (stopping the graph is what runs them), and
 * the instance's timeout bounds the graph, not its hooks (each hook has its step timeout). Kill ends all:
 * running hooks are stopped, the others never start, and the instance is Failed. An instance stopped before
 * any of its steps started (FirstOnly, LastOnly or SerialLatestOnly stopping it in the queue) runs none.
 */
public final class ExitHookPlanner {
    private final Planner planner;

    ExitHookPlanner(Planner planner) {
        this.planner = planner;
    }

    /** Decides each hook's state into {@code next}, after the graph's steps. */
    void plan(Definition definition, RunState run, Map<String, StepState> next, PlanBuilder out, StepRequests requests) {
        if (definition.exitHooks().isEmpty()) {
            return;
        }
        Graph graph = definition.steps();
        boolean kill = run.controls().stop() == Controls.Stop.Kill;
        List<StepState> graphSteps = graphStates(definition, next.values());
        InstancePhase outcome = outcome(definition, run, graphSteps, out.now());
        Map<String, Object> seen = outcome == null ? Map.of()
                : Map.of("phase", outcome.name(), "failedSteps", Scope.failed(graphSteps));
        // Stopped before any step started (a run strategy stopped it in the queue): there is nothing to end.
        boolean ranNothing = outcome != null && graphSteps.stream().allMatch(s -> s.start() == null);
        boolean startedBefore = definition.exitHooks().keySet().stream()
                .anyMatch(h -> run.steps().containsKey(h) && run.steps().get(h).phase() != StepPhase.Pending);
        for (String name : graph.order()) {
            ExitHook hook = definition.exitHooks().get(name);
            if (hook == null) {
                continue;
            }
            Step step = graph.step(name);
            StepState observed = run.steps().getOrDefault(name, StepState.pending(name));
            StepState current = kill ? observed : requests.before(step, graph, observed);
            StepState decided;
            if (kill) {
                decided = current.phase() == StepPhase.Pending ? current.withPhase(StepPhase.Skipped, out.now(),
                        "not run: the instance was killed") : planner.halting(step, current, "spec.stop is Kill", out);
            } else if (outcome == null) {
                decided = current;
            } else if (ranNothing && current.phase() == StepPhase.Pending) {
                decided = current.withPhase(StepPhase.Skipped, out.now(), "not run: the instance ended " + outcome
                        + " before any of its steps started");
            } else if (current.phase() == StepPhase.Pending && !hook.when().matches(outcome)) {
                decided = current.withPhase(StepPhase.Skipped, out.now(), "an exit hook for " + hook.when()
                        + " outcomes; the graph ended " + outcome);
            } else {
                decided = planner.advance(step, graph, current, new Pass(run, next, out, seen), next);
            }
            out.transition(observed, decided);
            next.put(name, decided);
        }
        if (outcome != null && !kill && !startedBefore) {
            List<String> started = definition.exitHooks().keySet().stream()
                    .filter(h -> next.get(h).phase() != StepPhase.Pending && next.get(h).phase() != StepPhase.Skipped).toList();
            if (!started.isEmpty()) {
                out.event(EventReason.ExitHooksStarted, "the graph ended " + outcome + ": running exit hooks "
                        + String.join(", ", started));
            }
        }
    }

    /**
     * The instance's phase once the graph has ended, or null while it runs: Running (or Paused) while
     * hooks run, then the graph's outcome, or Failed when a failInstance hook failed.
     */
    static InstancePhase phase(Definition definition, RunState run, Map<String, StepState> steps, Instant now,
                               boolean paused) {
        InstancePhase outcome = outcome(definition, run, steps, now);
        if (outcome == null) {
            return null;
        }
        if (!hookStates(definition, steps.values()).stream().allMatch(s -> s.phase().terminal())) {
            return paused ? InstancePhase.Paused : InstancePhase.Running;
        }
        boolean hookFailed = definition.exitHooks().values().stream().anyMatch(h -> h.failInstance()
                && steps.get(h.name()) != null && steps.get(h.name()).phase() == StepPhase.Failed);
        return hookFailed ? InstancePhase.Failed : outcome;
    }

    /**
     * What the graph's steps ended as, or null while any of them has not ended. A step Stopped was halted
     * by spec.stop, the timeout or a FailImmediately failure, which the controls and the clock tell apart;
     * a Stop or a timeout that came after every step had ended changes nothing.
     */
    static InstancePhase outcome(Definition definition, RunState run, Map<String, StepState> steps, Instant now) {
        return outcome(definition, run, graphStates(definition, steps.values()), now);
    }

    private static InstancePhase outcome(Definition definition, RunState run, List<StepState> graph, Instant now) {
        if (!graph.stream().allMatch(s -> s.phase().terminal())) {
            return null;
        }
        if (graph.stream().anyMatch(s -> s.phase() == StepPhase.Stopped)) {
            Controls.Stop stop = run.controls().stop();
            return stop == Controls.Stop.Kill ? InstancePhase.Failed : stop == Controls.Stop.Stop ? InstancePhase.Stopped
                    : Planner.timedOut(definition, run, now) ? InstancePhase.TimedOut : InstancePhase.Failed;
        }
        return graph.stream().anyMatch(s -> s.phase() == StepPhase.Failed) ? InstancePhase.Failed : InstancePhase.Succeeded;
    }

    /** True when the workflow has exit hooks and every step of its graph has ended in the observed run. */
    static boolean graphEnded(Definition definition, Map<String, StepState> observed) {
        if (definition.exitHooks().isEmpty()) {
            return false;
        }
        for (String name : definition.steps().order()) {
            StepState s = observed.get(name);
            if (!definition.isExitHook(name) && (s == null || !s.phase().terminal())) {
                return false;
            }
        }
        return true;
    }

    /** The hooks that have not ended while the graph has: what the instance waits for. */
    public static List<String> running(Definition definition, Collection<StepState> steps) {
        boolean graphEnded = graphStates(definition, steps).stream().allMatch(s -> s.phase().terminal());
        return !graphEnded ? List.of() : hookStates(definition, steps).stream()
                .filter(s -> !s.phase().terminal()).map(StepState::name).toList();
    }

    private static List<StepState> graphStates(Definition definition, Collection<StepState> steps) {
        return steps.stream().filter(s -> !definition.isExitHook(s.name())).toList();
    }

    private static List<StepState> hookStates(Definition definition, Collection<StepState> steps) {
        return steps.stream().filter(s -> definition.isExitHook(s.name())).toList();
    }
}
