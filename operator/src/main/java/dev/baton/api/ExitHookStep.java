package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.ExitHook;

/**
 * A step of {@code spec.onExit}: any kind of step, started once every step of the graph has ended, with
 * the graph's outcome readable as {@code instance.phase} and its failed steps as {@code instance.failedSteps}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExitHookStep extends Step {
    @JsonPropertyDescription("The outcomes of the graph this hook runs after: Succeeded, Failed (Failed, TimedOut or Stopped) or Always (default).")
    public ExitHook.When when;

    @JsonPropertyDescription("When true, this hook ending Failed makes the instance Failed; by default a hook's failure is recorded and the instance keeps the graph's outcome.")
    public Boolean failInstance;
}
