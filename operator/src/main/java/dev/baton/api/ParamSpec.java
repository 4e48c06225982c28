package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.ParamType;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.AnyType;

/** The declaration of one workflow parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParamSpec {
    @Required
    @JsonPropertyDescription("The type: string, long, double, boolean, stringArray, longArray, doubleArray, booleanArray or map.")
    public ParamType type;

    @JsonProperty("default")
    @SchemaFrom(type = AnyType.class)
    @JsonPropertyDescription("Value used when an instance gives none. Must have the declared type.")
    public Object defaultValue;

    @JsonPropertyDescription("When true, every instance must give a value.")
    public Boolean required;

    @JsonPropertyDescription("What the parameter means, for people.")
    public String description;
}
