package dev.baton.engine.model;

/** Where a step is in its life. */
public enum StepPhase {
    /** Waiting for its dependencies. */
    Pending,
    /** Its dependencies let it run; it waits for the signals it lists (waitForSignals) to arrive. */
    WaitingForSignal,
    /** Its dependencies let it run; it waits for a permit of a shared concurrency limit (its permits). */
    WaitingForPermit,
    /** An attempt is running, or the next attempt waits for its backoff. */
    Running,
    Succeeded,
    Failed,
    /** No incoming edge was satisfied. */
    Skipped,
    /** Failed, with onFailure: Ignore. */
    CompletedWithError,
    /** Stopped before it ended, because another step failed with FailImmediately. */
    Stopped;

    /** True once the step will change no more. */
    public boolean terminal() {
        return this != Pending && this != WaitingForSignal && this != WaitingForPermit && this != Running;
    }

    /** True when downstream edges from this step may be satisfied. */
    public boolean letsDownstreamRun() {
        return this == Succeeded || this == CompletedWithError;
    }
}
