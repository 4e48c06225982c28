package dev.baton.engine;

import dev.baton.engine.model.Graph;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maestro's transition rule for a waiting step: it waits until every dependency has ended (join), runs
 * if at least one incoming edge is satisfied (the source succeeded or failed with Ignore, and the edge's
 * condition is true), and is otherwise Skipped, which in turn may skip its descendants. What starting
 * means is the step's runner's business.
 */
final class Transitions {
    private final Expressions expressions;
    private final StepRunners runners;
    private final SignalWaits signalWaits;

    Transitions(Expressions expressions, StepRunners runners) {
        this.expressions = expressions;
        this.runners = runners;
        this.signalWaits = new SignalWaits(expressions);
    }

    StepState evaluate(Step step, Graph graph, StepState current, Pass pass, Map<String, StepState> decided) {
        List<Step.Edge> deps = graph.incoming(step.name());
        if (!deps.stream().allMatch(d -> decided.get(d.step()).phase().terminal())) {
            return current;
        }
        List<String> unsatisfied = new ArrayList<>();
        boolean satisfied = deps.isEmpty();
        for (int i = 0; i < deps.size() && !satisfied; i++) {
            Step.Edge d = deps.get(i);
            StepState source = decided.get(d.step());
            if (!source.phase().letsDownstreamRun()) {
                unsatisfied.add(d.step() + " is " + source.phase());
                continue;
            }
            try {
                satisfied = d.when() == null || expressions.condition(d.when(), pass.vars());
            } catch (ExpressionException e) {
                return current.failedToStart("dependsOn[" + i + "].when: " + e.getMessage(), pass.now());
            }
            if (!satisfied) {
                unsatisfied.add("condition of the edge from " + d.step() + " is false");
            }
        }
        if (!satisfied) {
            return current.withPhase(StepPhase.Skipped, pass.now(), String.join("; ", unsatisfied));
        }
        return start(step, current, pass, true);
    }

    /**
     * A step WaitingForSignal or WaitingForPermit: its dependencies let it run already; it starts once its
     * signals and permits are there.
     */
    StepState resume(Step step, StepState current, Pass pass) {
        return start(step, current, pass, true);
    }

    /** A step asked to start now (a Bypass action): its dependencies and signals are not waited for. */
    StepState bypass(Step step, StepState current, Pass pass) {
        return start(step, current, pass, false);
    }

    /**
     * Evaluates the step's params and container fields and starts it, unless it waits for signals or
     * permits, or something holds it. An attempt to adopt (a lost write launched it) starts the step whatever holds.
     */
    private StepState start(Step step, StepState current, Pass pass, boolean waitForSignals) {
        StepRunner runner = runners.of(step.kind());
        Attempt adopted = runner.adoptable(step, current, pass.run());
        StepState ready = current;
        if (waitForSignals && !step.signals().waits().isEmpty()) {
            SignalWaits.Result waited = signalWaits.check(step, current, pass);
            if (!waited.ready() && adopted == null) {
                return waited.state();
            }
            ready = waited.state();
        }
        if (adopted == null && !step.permits().held().isEmpty()) {
            // The user's holds come first: a suspended step or one at its breakpoint takes no permit.
            String held = pass.out().userHold(step.name(), step.breakpoint());
            StepState waiting = held != null ? ready.waiting(held) : PermitWaits.check(step, ready, pass);
            if (waiting != null) {
                return waiting;
            }
        }
        String hold = adopted != null ? null
                : pass.out().holdStart(step.name(), step.breakpoint(), step.attempted() != null);
        if (hold != null) {
            return ready.waiting(hold);
        }
        StepInputs inputs;
        try {
            inputs = StepInputs.evaluate(step, pass.varsOf(ready), expressions);
        } catch (StepInputs.InputException e) {
            return ready.failedToStart(e.getMessage(), pass.now());
        }
        StepState started = ready.started(inputs.params(), adopted != null ? adopted.start() : pass.now());
        return runner.start(step, started, inputs, pass);
    }

}
