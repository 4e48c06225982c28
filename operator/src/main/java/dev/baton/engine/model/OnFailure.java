package dev.baton.engine.model;

/** What a step's failure does to the rest of the instance. */
public enum OnFailure {
    /** Stop every running step and fail the instance. */
    FailImmediately,
    /** Let running steps and independent branches finish, then fail the instance (the default). */
    FailAfterRunning,
    /** Mark the step CompletedWithError and go on as if it had succeeded. */
    Ignore
}
