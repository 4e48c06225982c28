package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** A step that runs a script with an interpreter (bash or python3) in the step's image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScriptStep {
    @Required
    @JsonPropertyDescription("The script, run as is (no ${} interpolation, so shell variables work): the step params arrive as environment variables, and the script writes its outputs as a JSON object to the file named by $BATON_OUTPUT.")
    public String script;

    @JsonPropertyDescription("Environment variables, name to value.")
    public Map<String, String> env;

    @JsonPropertyDescription("CPU and memory requests and limits of the container.")
    @SchemaFrom(type = ResourceRequirements.class)
    public Map<String, Object> resources;
}
