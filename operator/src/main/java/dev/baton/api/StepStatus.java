package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.StepPhase;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The state of one step of an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepStatus {
    @JsonPropertyDescription("Name of the step.")
    public String name;

    @JsonPropertyDescription("Pending, WaitingForSignal, WaitingForPermit, Running, Succeeded, Failed, Skipped, CompletedWithError or Stopped.")
    public StepPhase phase;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("The step's parameters as evaluated when it started.")
    public Map<String, Object> params;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("The JSON object the step wrote to $BATON_OUTPUT.")
    public Map<String, Object> outputs;

    @JsonPropertyDescription("Number of this run's first attempt: attempts of earlier runs keep their numbers and objects.")
    public Integer firstAttempt;

    @JsonPropertyDescription("Attempts of this run, oldest first: the last ten; older ended ones are counted in earlierAttempts.")
    public List<AttemptStatus> attempts = new ArrayList<>();

    @JsonPropertyDescription("Ended attempts of this run older than those listed, as counts.")
    public EarlierAttempts earlierAttempts;

    @JsonPropertyDescription("For a foreach, while or subworkflow step: the leaf steps under it by phase, nested loops included.")
    public Map<String, Long> leaves;

    @JsonPropertyDescription("For a foreach step: iteration counts and the bounded window state.")
    public ForeachStatus foreach;

    @com.fasterxml.jackson.annotation.JsonProperty("while")
    @JsonPropertyDescription("For a while step: the current iteration and its loop params.")
    public WhileStatus whileLoop;

    @JsonPropertyDescription("For a step with waitForSignals that became ready: each signal it waits for, and the Signal that matched.")
    public List<StepSignalStatus> signals;

    @JsonPropertyDescription("The ConcurrencyLimits the step waits for (WaitingForPermit) or holds (Running), by name.")
    public List<String> permits;

    @JsonPropertyDescription("When the step started (while it waits for signals or permits: when it began to wait).")
    public String startTime;

    @JsonPropertyDescription("When the step ended.")
    public String completionTime;

    @JsonPropertyDescription("When the next attempt starts, while the step waits out a retry backoff.")
    public String nextAttemptAfter;

    @JsonPropertyDescription("True for a step of spec.onExit: an exit hook, which ran (or was skipped) after every other step had ended.")
    public Boolean exitHook;

    @JsonPropertyDescription("Why the step is in its phase, for people.")
    public String message;
}
