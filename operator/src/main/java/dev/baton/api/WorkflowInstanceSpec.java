package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Which workflow to run and with which parameter values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowInstanceSpec {
    @Required
    @JsonPropertyDescription("The workflow to run, in the instance's namespace.")
    @ValidationRule(value = "self == oldSelf", message = "workflowRef is immutable")
    public WorkflowRef workflowRef;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Parameter values by name; each must have the type the workflow declares.")
    public Map<String, Object> params;

    /** A reference to a Workflow. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class WorkflowRef {
        @Required
        @JsonPropertyDescription("Name of the Workflow.")
        public String name;
    }
}
