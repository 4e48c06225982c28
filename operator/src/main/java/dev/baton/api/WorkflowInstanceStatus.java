package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What happened in one run: its phase, each step's state, and conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowInstanceStatus {
    @JsonPropertyDescription("Pending, Queued, Running, Paused, Succeeded, Failed, Stopped or TimedOut.")
    public InstancePhase phase;
    @JsonPropertyDescription("1 for the first run; each restart adds one.")
    public Integer run;

    @JsonPropertyDescription("The spec.restart.nonce last served.")
    public String restartNonce;

    @JsonPropertyDescription("What became of each of spec.actions (by id), in the order taken.")
    public java.util.List<ActionStatus> actions;

    @JsonPropertyDescription("When the operator deletes this ended instance (its ttl), with its iterations, Jobs and Pods.")
    public String deleteAfter;

    @JsonPropertyDescription("Ended steps / all steps.")
    public String progress;
    @JsonPropertyDescription("How long the run took, once it ended.")
    public String duration;

    @JsonPropertyDescription("The ControllerRevision of the Workflow this run is pinned to.")
    public String revision;

    @JsonPropertyDescription("When the run started.")
    public String startTime;

    @JsonPropertyDescription("When the run ended.")
    public String completionTime;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("The parameter values of this run, defaults included.")
    public Map<String, Object> params;

    @JsonPropertyDescription("Leaf steps by phase across the whole tree of this run (its own steps, every loop iteration"
            + " and subworkflow, nested ones included), e.g. {Succeeded: 9000, Running: 20}.")
    public Map<String, Long> leaves;

    @JsonPropertyDescription("Each step's state, in the workflow's order.")
    public List<StepStatus> steps = new ArrayList<>();

    @JsonPropertyDescription("Why the run is in its phase, for people.")
    public String message;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Conditions: Valid (the workflow and parameters passed the checks), Ready (the run has ended well), WaitingForPermit (the run waits for a permit of its workflow's or foreach body's permits).")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The ConcurrencyLimits the whole run waits for (Queued, condition WaitingForPermit) or holds (its workflow's or its foreach body's permits).")
    public List<String> permits;

    @JsonPropertyDescription("The priority its permits are asked with (spec.priority, else its workflow's); set when it or a step names permits.")
    public Integer priority;

    @JsonPropertyDescription("Who started the instance: Manual, Cron (with the trigger and scheduled time), Signal or Parent.")
    public Initiator initiator;

    @JsonPropertyDescription("Dedup ids of the notifications delivered for this instance (spec.notify of its workflow): never sent again.")
    public List<String> notified;
}
