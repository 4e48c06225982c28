package dev.baton.engine.model;

/** How one attempt of a step ended; each failure class has its own retry limit. */
public enum AttemptOutcome {
    Running, Succeeded, UserError, PlatformError, Timeout,
    /** Baton stopped it because the whole run stopped (spec.stop, a FailImmediately failure, the instance's timeout). */
    Stopped,
    /**
     * Its Job waits, suspended, for Kueue to admit it (the Job carries a kueue.x-k8s.io/queue-name label):
     * launched but not yet running. Like Running it is in flight: it holds the step, and an eviction by
     * Kueue sends it back here, which ends the attempt as a platform error.
     */
    Admitting;

    /** False while the attempt is in flight (Running or Admitting). */
    public boolean ended() {
        return this != Running && this != Admitting;
    }
}
