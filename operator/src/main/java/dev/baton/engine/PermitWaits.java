package dev.baton.engine;

import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A step's permits: once nothing else holds it back, it is WaitingForPermit until its current run holds a
 * granted permit of each shared concurrency limit it names, then it starts. The pass asks for the
 * missing ones ({@link Plan.PermitRequest}); the grant itself is the API server's (the reconciler's
 * PermitLedger), and a freed permit wakes the waiters, so the recheck here only bounds a lost event.
 */
final class PermitWaits {
    /** When a waiting step looks again by itself. */
    static final Duration RECHECK = Duration.ofSeconds(10);

    private PermitWaits() {
    }

    /** Null when the step holds every permit it names; else the step waiting, with the permits it lacks. */
    static StepState check(Step step, StepState current, Pass pass) {
        String holder = PermitView.step(step.name(), current.firstAttempt());
        PermitView view = pass.run().permits();
        List<String> missing = step.permits().held().stream().filter(p -> !view.granted(holder, p)).toList();
        if (missing.isEmpty()) {
            return null;
        }
        Instant now = pass.now();
        Instant since = current.phase() == StepPhase.WaitingForPermit && current.start() != null ? current.start() : now;
        pass.out().permitRequest(new Plan.PermitRequest(holder, step.permits().held()));
        pass.out().wakeAt(now.plus(RECHECK));
        return current.waitingForPermit(since, PermitView.waitingFor(missing, view));
    }
}
