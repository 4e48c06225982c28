package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator knows of a Workflow: its current revision and whether it is valid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowStatus {
    @JsonPropertyDescription("Name of the ControllerRevision holding the current spec; new instances pin it.")
    public String revision;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Each time trigger's last and next fire.")
    public List<TriggerStatus> triggers;

    @JsonPropertyDescription("The earliest next scheduled time among the time triggers (none while suspended).")
    public String nextRun;

    @JsonPropertyDescription("The backfill last carried out: trigger, range, and how many fires it started.")
    public String backfill;

    @JsonPropertyDescription("The last spec.stopInstances served: its id, and how many instances it stopped, when.")
    public String stopInstances;

    @JsonPropertyDescription("Conditions: Valid tells whether the spec passed the operator's checks, with the reason and the field at fault.")
    public List<Condition> conditions = new ArrayList<>();
}
