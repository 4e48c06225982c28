package dev.baton.engine;

import dev.baton.api.InstancePhase;
import dev.baton.api.OnFailure;
import dev.baton.api.Step;
import dev.baton.api.StepKind;
import dev.baton.api.StepPhase;
import dev.baton.api.WorkflowSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduling decisions of one run, recomputed from scratch on every reconcile: which steps start,
 * which end, which attempts to start or stop, and the phase of the instance. Pure: it reads the spec and
 * the observed run and returns a {@link Plan}; the reconciler does the writing.
 */
public final class Planner {
    private final Expressions expressions;
    private final Transitions transitions;
    private final ForeachSteps foreach;
    private final WhileSteps whileLoop;
    private final SubworkflowSteps subworkflow;

    public Planner(Expressions expressions) {
        this.subworkflow = new SubworkflowSteps(expressions);
        this.expressions = expressions;
        this.transitions = new Transitions(expressions);
        this.foreach = new ForeachSteps(expressions);
        this.whileLoop = new WhileSteps(expressions);
    }

    /** Plans the run of a spec that {@link WorkflowValidator} accepted. */
    public Plan plan(WorkflowSpec spec, RunState run, Instant now) {
        return plan(spec, run, now, List.of());
    }

    private Plan plan(WorkflowSpec spec, RunState run, Instant now, List<Plan.PlanEvent> earlierEvents) {
        Graph graph = Graph.of(spec.steps);
        PlanBuilder out = new PlanBuilder(now, run, earlierEvents);
        Map<String, StepState> next = new LinkedHashMap<>();
        Map<String, StepState> failedFast = new LinkedHashMap<>();
        String halt = haltReason(spec, graph, run, now);
        for (String name : graph.order()) {
            Step step = graph.step(name);
            StepState current = run.steps().getOrDefault(name, StepState.pending(name));
            StepState decided = halt != null
                    ? halting(step, current, run, halt, out)
                    : advance(step, spec, graph, current, run, next, out);
            if (halt == null && decided.phase() == StepPhase.Failed && onFailure(step) == OnFailure.FailImmediately) {
                failedFast.put(name, decided);
                halt = "step " + name + " failed and its onFailure is FailImmediately";
            }
            out.transition(current, decided);
            next.put(name, decided);
        }
        if (!failedFast.isEmpty()) {
            // A step failed fast in this very pass: plan again from the observed states with only that
            // failure added, so every other step is stopped and nothing this pass launched is started.
            Map<String, StepState> states = new LinkedHashMap<>(run.steps());
            states.putAll(failedFast);
            PlanBuilder failure = new PlanBuilder(now, run, earlierEvents);
            failedFast.forEach((n, s) -> failure.transition(run.steps().getOrDefault(n, StepState.pending(n)), s));
            return plan(spec, run.withSteps(states), now, failure.events());
        }
        List<StepState> states = new ArrayList<>(next.values());
        return out.build(phase(spec, run, next, now, out), message(next, halt), states,
                Rollup.of(graph, states, run.children()));
    }

    private StepState advance(Step step, WorkflowSpec spec, Graph graph, StepState current, RunState run,
                              Map<String, StepState> decided, PlanBuilder out) {
        if (current.phase() == StepPhase.Pending) {
            StepState started = transitions.evaluate(step, graph, current, run, decided, out);
            if (!step.kind().createsPod() || started.phase() != StepPhase.Running) {
                return started;
            }
            if (Transitions.existing(run, step.name, started.firstAttempt()) == null) {
                new LeafAttempts(spec, step, onFailure(step), out).armTimeout(started);
                return started;
            }
            // It adopted an attempt that exists (and may have ended): carry on with it in this pass.
            current = started;
        }
        if (current.phase() != StepPhase.Running) {
            return current;
        }
        StepKind kind = step.kind();
        if (kind == StepKind.noop) {
            return current.withPhase(StepPhase.Succeeded, out.now(), null);
        }
        if (kind == StepKind.sleep) {
            Instant wake = current.start().plus(Durations.parse(step.sleep.duration));
            if (!out.now().isBefore(wake)) {
                return current.withPhase(StepPhase.Succeeded, out.now(), null);
            }
            out.wakeAt(wake);
            return current;
        }
        if (kind == StepKind.foreach) {
            return foreach.advance(step, current, Scope.of(run, decided), run, out);
        }
        if (kind == StepKind.whileLoop) {
            return whileLoop.advance(step, current, Scope.of(run, decided), run, out);
        }
        if (kind == StepKind.subworkflow) {
            return subworkflow.advance(step, current, run, out);
        }
        StepInputs inputs;
        try {
            inputs = StepInputs.evaluate(step, Scope.of(run, decided), expressions);
        } catch (StepInputs.InputException e) {
            return current.withPhase(StepPhase.Failed, out.now(), e.getMessage());
        }
        return new LeafAttempts(spec, step, onFailure(step), out).advance(current, run.observed().get(step.name), inputs);
    }

    /** The reason every unfinished step must stop now: the instance timed out or a step failed fast. */
    private static String haltReason(WorkflowSpec spec, Graph graph, RunState run, Instant now) {
        if (run.controls().stop() != Controls.Stop.None) {
            return run.controls().stopReason() != null ? run.controls().stopReason()
                    : "spec.stop is " + run.controls().stop();
        }
        if (spec.timeout != null && run.startTime() != null
                && !now.isBefore(run.startTime().plus(Durations.parse(spec.timeout)))) {
            return "the instance ran past its timeout of " + spec.timeout;
        }
        for (StepState s : run.steps().values()) {
            Step step = graph.step(s.name());
            if (step != null && s.phase() == StepPhase.Failed && onFailure(step) == OnFailure.FailImmediately) {
                return "step " + s.name() + " failed and its onFailure is FailImmediately";
            }
        }
        return null;
    }

    private static StepState halting(Step step, StepState current, RunState run, String why, PlanBuilder out) {
        if (current.phase().terminal()) {
            return current;
        }
        Attempt last = current.lastAttempt();
        if (last != null && !last.ended()) {
            out.kill(step.name, last.number(), why);
        }
        ForeachSteps.halt(step, current, out);
        WhileSteps.halt(step, current, out);
        SubworkflowSteps.halt(step, current, out);
        return current.withPhase(StepPhase.Stopped, out.now(), "stopped: " + why);
    }

    private static InstancePhase phase(WorkflowSpec spec, RunState run, Map<String, StepState> steps, Instant now,
                                       PlanBuilder out) {
        if (run.controls().stop() != Controls.Stop.None) {
            return run.controls().stop() == Controls.Stop.Kill ? InstancePhase.Failed : InstancePhase.Stopped;
        }
        if (spec.timeout != null && run.startTime() != null
                && !now.isBefore(run.startTime().plus(Durations.parse(spec.timeout)))) {
            return InstancePhase.TimedOut;
        }
        if (!steps.values().stream().allMatch(s -> s.phase().terminal())) {
            boolean running = steps.values().stream().anyMatch(s -> s.phase() == StepPhase.Running);
            return run.controls().suspended() || (out.held() && !running) ? InstancePhase.Paused : InstancePhase.Running;
        }
        boolean failed = steps.values().stream()
                .anyMatch(s -> s.phase() == StepPhase.Failed || s.phase() == StepPhase.Stopped);
        return failed ? InstancePhase.Failed : InstancePhase.Succeeded;
    }

    private static String message(Map<String, StepState> steps, String halt) {
        if (halt != null) {
            return "Stopped: " + halt;
        }
        List<String> failed = steps.values().stream()
                .filter(s -> s.phase() == StepPhase.Failed)
                .map(s -> "step " + s.name() + " failed" + (s.message() == null ? "" : ": " + s.message()))
                .toList();
        return failed.isEmpty() ? null : String.join("; ", failed);
    }

    static OnFailure onFailure(Step step) {
        return step.onFailure == null ? OnFailure.FailAfterRunning : step.onFailure;
    }
}
