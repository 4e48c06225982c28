package dev.baton.reconciler;

/**
 * Reasons of conditions that are not an instance phase or an Event reason (those are enums of their own
 * and serve as reasons too).
 */
enum ConditionReason {
    Valid,
    InvalidSpec,
    Queued,
    Restarted,
    Reconciled,
    ReconcileFailed,
    /** The steps have ended and the exit hooks run. */
    ExitHooksRunning,
    /** The exit hooks have ended (or were skipped). */
    ExitHooksEnded,
    WaitingForPermit,
    PermitsGranted
}
