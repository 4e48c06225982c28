package dev.baton.engine.model;

/**
 * The reasons of the Kubernetes Events Baton records on an instance, a closed set so that alerts and
 * tests can rely on them. Warnings are the reasons that ask a person to look.
 */
public enum EventReason {
    StepStarted(false),
    StepSucceeded(false),
    StepFailed(true),
    StepCompletedWithError(true),
    StepSkipped(false),
    StepStopped(true),
    StepRetrying(false),
    /** A step's dependencies let it run and it waits for the signals it lists. */
    StepWaitingForSignal(false),
    /** A step's dependencies let it run and it waits for a permit of a shared concurrency limit. */
    StepWaitingForPermit(false),
    /** A step succeeded and emitted the signals it lists. */
    SignalEmitted(false),
    /** The API server refused a signal a step emits (e.g. RBAC, a quota): the step's success stands. */
    SignalRefused(true),
    InstanceStarted(false),
    InstanceSucceeded(false),
    InstanceFailed(true),
    InstanceStopped(true),
    InstanceTimedOut(true),
    InstanceRestarted(false),
    RestartRefused(true),
    /** The instance's name is too long to label its pods. */
    NameTooLong(true),
    WorkflowNotFound(true),
    InvalidWorkflow(true),
    RevisionNotFound(true),
    InvalidParams(true),
    /** A loop iteration names a body its pinned revision does not have. */
    BodyNotFound(true),
    /** The operator failed to reconcile the object (an API error, a bug): retried with backoff. */
    ReconcileFailed(true),
    /** A Job or Pod carries the instance's labels but the instance does not control it: left alone. */
    ForeignObjectIgnored(true),
    /** The graph has ended and the exit hooks whose when matches its outcome start. */
    ExitHooksStarted(false),
    /** A notification of spec.notify was delivered. */
    NotificationSent(false),
    /** A notification could not be delivered after its retries (the message says why). */
    NotificationFailed(true);

    private final boolean warning;

    EventReason(boolean warning) {
        this.warning = warning;
    }

    public boolean warning() {
        return warning;
    }

    /** The reason of the Event that tells an instance ended in {@code phase}. */
    public static EventReason ended(InstancePhase phase) {
        return switch (phase) {
            case Succeeded -> InstanceSucceeded;
            case Stopped -> InstanceStopped;
            case TimedOut -> InstanceTimedOut;
            default -> InstanceFailed;
        };
    }
}
