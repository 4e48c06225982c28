package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One holder of a permit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PermitHolderStatus {
    @JsonPropertyDescription("The WorkflowInstance that holds it.")
    public String instance;

    @JsonPropertyDescription("The step that holds it; unset when the whole run holds it (the workflow's or a foreach body's permits).")
    public String step;

    @JsonPropertyDescription("The Permit object that records the grant.")
    public String permit;

    @JsonPropertyDescription("When the permit was granted.")
    public String since;
}
