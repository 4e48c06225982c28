package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A step that runs another Workflow as a child instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubworkflowStep {
    @Required
    @JsonPropertyDescription("Name of the Workflow to run, in the same namespace.")
    public String workflow;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Params of the child instance: name to value or ${expression}.")
    public Map<String, Object> params;

    @JsonPropertyDescription("When true the child also gets this run's params that its workflow declares (explicit params win).")
    public Boolean inheritParams;

    @JsonPropertyDescription("When true (default) the step waits for the child and ends as it ends; when false it succeeds once the child is created.")
    public Boolean sync;
}
