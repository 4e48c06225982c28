package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.Map;

/** One signal a step waits for: the one that matched, or none yet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepSignalStatus {
    @JsonPropertyDescription("The signal's name (the wait's).")
    public String name;

    @JsonPropertyDescription("The Signal object that matched; absent while the step still waits for one.")
    public String signal;

    @JsonPropertyDescription("When the matched Signal was created.")
    public String created;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("The matched Signal's params, readable as steps['step'].signals['name'].params.")
    public Map<String, Object> params;
}
