package dev.baton.api;

/** A step that does nothing; useful as a join point. It has no settings. */
public class NoopStep {
}
