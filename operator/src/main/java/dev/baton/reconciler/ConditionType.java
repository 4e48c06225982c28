package dev.baton.reconciler;

/** The condition types of Baton's resources. */
enum ConditionType {
    /** The spec can run: False names every bad field. */
    Valid,
    /** An instance ended well (True), or why it has not (its phase as the reason). */
    Ready,
    /** The operator's last reconcile of the object worked (True), or failed and is retried (False, with why). */
    Reconciled,
    /** The instance's steps have ended and its exit hooks run (True), or they have ended (False); absent without hooks. */
    RunningExitHooks,
    /** The run waits for a permit of its own permits (True, naming them), or holds them (False). */
    WaitingForPermit
}
