package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.Map;

/**
 * What a user adds to a step's pod. The spec is a partial PodSpec merged over the one Baton builds; it
 * is kept as free-form JSON so the CRD stays small, and checked by the operator when the step starts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplateOverlay {
    @JsonPropertyDescription("Labels and annotations added to the pod.")
    public Metadata metadata;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("A partial PodSpec (serviceAccountName, nodeSelector, tolerations, securityContext, volumes, ...) merged into the step's pod. Container fields go to the step container when given under containers[0].")
    public Map<String, Object> spec;

    /** Pod metadata a user may add. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Metadata {
        @JsonPropertyDescription("Labels added to the pod.")
        public Map<String, String> labels;

        @JsonPropertyDescription("Annotations added to the pod.")
        public Map<String, String> annotations;
    }
}
