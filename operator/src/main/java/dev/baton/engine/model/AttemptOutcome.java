package dev.baton.engine.model;

/** How one attempt of a step ended; each failure class has its own retry limit. */
public enum AttemptOutcome {
    Running, Succeeded, UserError, PlatformError, Timeout,
    /** Baton stopped it because the whole run stopped (spec.stop, a FailImmediately failure, the instance's timeout). */
    Stopped
}
