package dev.baton.engine;

import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;

/** A sleep step succeeds once its duration has passed since it started; the planner wakes then. */
final class SleepRunner implements StepRunner {
    @Override
    public StepState start(Step step, StepState started, StepInputs inputs, Pass pass) {
        pass.out().wakeAt(pass.now().plus(step.sleep().duration()));
        return started;
    }

    @Override
    public StepState advance(Step step, StepState running, Pass pass) {
        Instant wake = running.start().plus(step.sleep().duration());
        if (!pass.now().isBefore(wake)) {
            return running.withPhase(StepPhase.Succeeded, pass.now(), null);
        }
        pass.out().wakeAt(wake);
        return running;
    }
}
