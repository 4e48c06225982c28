package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** When the Jobs and Pods of steps are deleted ahead of their instance; status keeps what they told. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodGcSpec {
    @ValidationRule(value = "self in ['OnPodCompletion', 'OnPodSuccess', 'OnInstanceCompletion', 'OnInstanceSuccess', 'Never']",
            message = "must be OnPodCompletion, OnPodSuccess, OnInstanceCompletion, OnInstanceSuccess or Never")
    @JsonPropertyDescription("OnPodCompletion (each attempt's once it ended), OnPodSuccess (each succeeded attempt's), OnInstanceCompletion, OnInstanceSuccess, or Never (default: they go with the instance).")
    public String strategy;
}
