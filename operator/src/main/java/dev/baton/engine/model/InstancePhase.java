package dev.baton.engine.model;

/** Where an instance is in its life. */
public enum InstancePhase {
    Pending, Queued, Running, Paused, Succeeded, Failed, Stopped, TimedOut;

    /** True once the instance will change no more. */
    public boolean terminal() {
        return this == Succeeded || this == Failed || this == Stopped || this == TimedOut;
    }
}
