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
    WaitingForPermit,
    PermitsGranted
}
