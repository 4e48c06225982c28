package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.util.List;
import java.util.Map;

/**
 * Container, bash and python steps: each attempt is a Job or Pod, launched with the step's evaluated
 * inputs; {@link LeafAttempts} follows them to success, a retry or failure. Resource steps run the same
 * way, each attempt one object of any kind, read by {@link ResourceAttempts}.
 */
final class LeafRunner implements StepRunner {
    private final Expressions expressions;
    /** A step's attempts as the cluster shows them, by number, or null. */
    private final java.util.function.BiFunction<Step, RunState, Map<Integer, Attempt>> observed;

    LeafRunner(Expressions expressions) {
        this(expressions, (step, run) -> run.observed().get(step.name()));
    }

    LeafRunner(Expressions expressions, java.util.function.BiFunction<Step, RunState, Map<Integer, Attempt>> observed) {
        this.expressions = expressions;
        this.observed = observed;
    }

    /** The step's first attempt as the cluster shows it, or null when it has no Job or Pod. */
    @Override
    public Attempt adoptable(Step step, StepState pending, RunState run) {
        Map<Integer, Attempt> seen = observed.apply(step, run);
        return seen == null ? null : seen.get(pending.firstAttempt());
    }

    @Override
    public StepState start(Step step, StepState started, StepInputs inputs, Pass pass) {
        Attempt existing = adoptable(step, started, pass.run());
        if (existing != null) {
            // Its first attempt's Job or Pod exists already: launched by a pass whose status was not
            // written (a crash, or a loop iteration's deferred first write). Adopt it, launch nothing, and
            // carry on with it in this pass (it may have ended).
            StepState adopted = started.withAttempts(List.of(Attempt.launched(existing.number(), existing.start())), null, null);
            return new LeafAttempts(step, pass.out()).advance(adopted, observed.apply(step, pass.run()), inputs);
        }
        int first = started.firstAttempt();
        pass.out().launch(inputs.launch(step.name(), first));
        Attempt launched = LeafAttempts.launched(step, first, pass.now());
        new LeafAttempts(step, pass.out()).armTimeout(launched);
        return started.withAttempts(List.of(launched), null, null);
    }

    @Override
    public StepState advance(Step step, StepState running, Pass pass) {
        StepInputs inputs;
        try {
            inputs = StepInputs.evaluate(step, pass.varsOf(running), expressions);
        } catch (StepInputs.InputException e) {
            return running.withPhase(StepPhase.Failed, pass.now(), e.getMessage());
        }
        return new LeafAttempts(step, pass.out()).advance(running, observed.apply(step, pass.run()), inputs);
    }

    @Override
    public StepState halt(Step step, StepState current, String why, PlanBuilder out) {
        Attempt last = current.lastAttempt();
        if (last == null || last.ended()) {
            return current;
        }
        out.kill(step.name(), last.number(), why);
        List<Attempt> attempts = new java.util.ArrayList<>(current.attempts());
        attempts.set(attempts.size() - 1, last.endedAs(AttemptOutcome.Stopped, "Stopped", why, out.now()));
        return current.withAttempts(attempts, null, current.message());
    }
}
