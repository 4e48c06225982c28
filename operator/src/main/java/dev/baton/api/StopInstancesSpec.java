package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A request to stop every unfinished instance of a workflow (Maestro's workflow-level stop), served once per id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StopInstancesSpec {
    @Required
    @Size(max = 63)
    @JsonPropertyDescription("Any value; each new one asks once (the last one served is status.stopInstances.id).")
    public String id;

    @ValidationRule(value = "self in ['Stop', 'Kill']", message = "must be Stop or Kill")
    @JsonPropertyDescription("Stop (default: phase Stopped) or Kill (phase Failed): set as each unfinished instance's spec.stop.")
    public String mode;
}
