package dev.baton.engine;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduling decisions of one run, recomputed from scratch on every reconcile: which steps start,
 * which end, which attempts to start or stop, and the phase of the instance. Pure: it reads the compiled
 * definition and the observed run and returns a {@link Plan}; the reconciler does the writing. What a
 * step of each kind does is its {@link StepRunner}'s business.
 */
public final class Planner {
    private final StepRunners runners;
    private final Transitions transitions;
    private final SignalEmits emits;
    private final ExitHookPlanner exitHooks;

    public Planner(Expressions expressions) {
        this.runners = new StepRunners(expressions);
        this.transitions = new Transitions(expressions, runners);
        this.emits = new SignalEmits(expressions);
        this.exitHooks = new ExitHookPlanner(this);
    }

    public Plan plan(Definition definition, RunState run, Instant now) {
        return plan(definition, run, now, PlanBuilder.Carried.NONE);
    }

    private Plan plan(Definition definition, RunState run, Instant now, PlanBuilder.Carried earlier) {
        Graph graph = definition.steps();
        PlanBuilder out = new PlanBuilder(now, run, earlier);
        Map<String, StepState> next = new LinkedHashMap<>();
        Map<String, StepState> failedFast = new LinkedHashMap<>();
        // Once the graph has ended, a Stop or the timeout has nothing left to halt: its exit hooks run on.
        String halt = ExitHookPlanner.graphEnded(definition, run.steps()) ? null : haltReason(definition, run, now);
        StepRequests requests = new StepRequests(definition, run, runners, out);
        for (String name : graph.order()) {
            if (definition.isExitHook(name)) {
                continue; // planned after the graph, by exitHooks
            }
            Step step = graph.step(name);
            StepState observed = run.steps().getOrDefault(name, StepState.pending(name));
            StepState current = halt != null ? observed : requests.before(step, graph, observed);
            Pass pass = new Pass(run, next, out);
            StepState decided = halt != null ? halting(step, current, halt, out)
                    : requests.bypasses(name) ? transitions.bypass(step, current, pass)
                    : advance(step, graph, current, pass, next);
            if (halt == null && decided.phase() == StepPhase.Succeeded && observed.phase() != StepPhase.Succeeded
                    && !step.signals().emits().isEmpty()) {
                decided = emits.plan(step, decided, pass);
            }
            if (halt == null && decided.phase() == StepPhase.Failed && observed.phase() != StepPhase.Failed
                    && step.onFailure() == OnFailure.FailImmediately) { // failed in this pass (the graph may have ended)
                failedFast.put(name, decided);
                halt = "step " + name + " failed and its onFailure is FailImmediately";
            }
            out.transition(observed, decided);
            next.put(name, decided);
        }
        if (!failedFast.isEmpty()) {
            // A step failed fast in this very pass: plan again from the observed states with only that
            // failure added, so every other step is stopped and nothing this pass launched is started.
            // What the failing steps decided on their way stands: the kill of an attempt that timed out,
            // the stop of a loop's running iterations (planned again, they are terminal and decide nothing).
            Map<String, StepState> states = new LinkedHashMap<>(run.steps());
            states.putAll(failedFast);
            PlanBuilder failure = new PlanBuilder(now, run, earlier);
            failedFast.forEach((n, s) -> failure.transition(run.steps().getOrDefault(n, StepState.pending(n)), s));
            return plan(definition, run.withSteps(states).withControls(run.controls().withoutRequests()), now,
                    failure.carried(out, failedFast.keySet()));
        }
        exitHooks.plan(definition, run, next, out, requests);
        List<StepState> states = new ArrayList<>(next.values());
        return out.build(phase(definition, run, next, now, out), message(definition, next, halt), states,
                Rollup.of(graph, states, run.children(), runners));
    }

    StepState advance(Step step, Graph graph, StepState current, Pass pass, Map<String, StepState> decided) {
        if (current.phase() == StepPhase.Pending) {
            return transitions.evaluate(step, graph, current, pass, decided);
        }
        if (current.phase() == StepPhase.WaitingForSignal || current.phase() == StepPhase.WaitingForPermit) {
            return transitions.resume(step, current, pass);
        }
        if (current.phase() != StepPhase.Running) {
            return current;
        }
        return runners.of(step.kind()).advance(step, current, pass);
    }

    /** The reason every unfinished step must stop now: the user stopped the run, it timed out, or a step failed fast. */
    private static String haltReason(Definition definition, RunState run, Instant now) {
        if (run.controls().stop() != Controls.Stop.None) {
            return run.controls().stopReason() != null ? run.controls().stopReason()
                    : "spec.stop is " + run.controls().stop();
        }
        if (timedOut(definition, run, now)) {
            return "the instance ran past its timeout of " + dev.baton.engine.model.Durations.format(definition.timeout());
        }
        for (StepState s : run.steps().values()) {
            Step step = definition.step(s.name());
            if (step != null && s.phase() == StepPhase.Failed && step.onFailure() == OnFailure.FailImmediately
                    && !definition.isExitHook(s.name())) {
                return "step " + s.name() + " failed and its onFailure is FailImmediately";
            }
        }
        return null;
    }

    static boolean timedOut(Definition definition, RunState run, Instant now) {
        return definition.timeout() != null && run.startTime() != null
                && !now.isBefore(run.startTime().plus(definition.timeout()));
    }

    StepState halting(Step step, StepState current, String why, PlanBuilder out) {
        if (current.phase().terminal()) {
            return current;
        }
        return runners.of(step.kind()).halt(step, current, why, out).withPhase(StepPhase.Stopped, out.now(), "stopped: " + why);
    }

    private static InstancePhase phase(Definition definition, RunState run, Map<String, StepState> steps, Instant now,
                                       PlanBuilder out) {
        boolean running = steps.values().stream().anyMatch(s -> s.phase() == StepPhase.Running);
        boolean paused = run.controls().suspended() || (out.held() && !running);
        InstancePhase afterGraph = definition.exitHooks().isEmpty() || run.controls().stop() == Controls.Stop.Kill ? null
                : ExitHookPlanner.phase(definition, run, steps, now, paused);
        if (afterGraph != null) {
            return afterGraph;
        }
        if (run.controls().stop() != Controls.Stop.None) {
            return run.controls().stop() == Controls.Stop.Kill ? InstancePhase.Failed : InstancePhase.Stopped;
        }
        if (timedOut(definition, run, now)) {
            return InstancePhase.TimedOut;
        }
        if (!steps.values().stream().allMatch(s -> s.phase().terminal())) {
            return paused ? InstancePhase.Paused : InstancePhase.Running;
        }
        boolean failed = steps.values().stream()
                .anyMatch(s -> s.phase() == StepPhase.Failed || s.phase() == StepPhase.Stopped);
        return failed ? InstancePhase.Failed : InstancePhase.Succeeded;
    }

    private static String message(Definition definition, Map<String, StepState> steps, String halt) {
        List<String> hooks = ExitHookPlanner.running(definition, steps.values());
        String hooksRun = hooks.isEmpty() ? null : "running exit hooks: " + String.join(", ", hooks);
        if (halt != null) {
            return "Stopped: " + halt + (hooksRun == null ? "" : "; " + hooksRun);
        }
        List<String> failed = steps.values().stream()
                .filter(s -> s.phase() == StepPhase.Failed)
                .map(s -> (definition.isExitHook(s.name()) ? "exit hook " : "step ") + s.name() + " failed"
                        + (s.message() == null ? "" : ": " + s.message()))
                .toList();
        if (hooksRun != null) {
            failed = new ArrayList<>(failed);
            failed.add(hooksRun);
        }
        return failed.isEmpty() ? null : String.join("; ", failed);
    }
}
