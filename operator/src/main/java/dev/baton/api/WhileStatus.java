package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.Map;

/** Progress of a while step: only the current iteration and its loop params, however long it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WhileStatus {
    @JsonPropertyDescription("Index of the current (or, once ended, the number of) iterations.")
    public Long iteration;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Loop params of the current iteration.")
    public Map<String, Object> params;

    @JsonPropertyDescription("Leaf steps of the finished iterations by phase (their instances are deleted).")
    public Map<String, Long> foldedLeaves;
}
