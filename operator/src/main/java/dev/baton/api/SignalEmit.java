package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** A signal a step emits when it succeeds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignalEmit {
    @Required
    @Size(max = 63)
    @JsonPropertyDescription("The Signal's spec.name.")
    public String name;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("The Signal's params; strings may use ${outputs.x} (the step's outputs), ${signals['name'].params.x}, ${params.x} and upstream ${steps['x']...}.")
    public Map<String, Object> params;
}
