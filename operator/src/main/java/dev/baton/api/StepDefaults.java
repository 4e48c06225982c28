package dev.baton.api;

/** Defaults for every leaf step of a workflow; each field is overridden by the step's own. */
public class StepDefaults extends StepSettings {
}
