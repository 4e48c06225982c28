package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/** A step that runs a container image. Strings may interpolate ${expressions}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerStep {
    @JsonPropertyDescription("The image; falls back to the step's or the workflow's default image.")
    public String image;

    @JsonPropertyDescription("Entrypoint; the image's when empty.")
    public List<String> command;

    @JsonPropertyDescription("Arguments.")
    public List<String> args;

    @JsonPropertyDescription("Environment variables, name to value.")
    public Map<String, String> env;

    @JsonPropertyDescription("CPU and memory requests and limits of the container.")
    @SchemaFrom(type = ResourceRequirements.class)
    public Map<String, Object> resources;
}
