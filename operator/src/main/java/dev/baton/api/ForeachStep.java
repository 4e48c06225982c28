package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/**
 * A loop over the cartesian product of its params. Each iteration is a child WorkflowInstance that runs
 * the body; children are created as the concurrency window frees a slot and deleted once counted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ForeachStep {
    @Required
    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Loop variables: name to a list, or to \"${expression}\" giving a list. Iterations are the cartesian product, the first variable varying slowest; the body reads each as a top-level name, and `iteration` as the 0-based index.")
    public Map<String, Object> params;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Most iterations unfinished at once. Default 20.")
    public Integer concurrency;

    @JsonPropertyDescription("When true the window is measured from the oldest unfinished iteration, so iterations finish roughly in order.")
    public Boolean strictOrdering;

    @Min(0)
    @Max(100000)
    @JsonPropertyDescription("Finished iteration instances kept for inspection before they are deleted (their results are already counted). Default 100.")
    public Integer retention;

    @io.fabric8.generator.annotation.Size(max = 20)
    @JsonPropertyDescription("Names of body params or outputs to gather into this step's outputs, as {name: {iteration: value}}. At most 64 KiB in all; past it the step fails.")
    public List<String> collect;

    @io.fabric8.generator.annotation.Size(max = 10)
    @JsonPropertyDescription("ConcurrencyLimits (by name, in this namespace) of which each iteration holds one permit each while it runs: iterations wait (condition WaitingForPermit) until granted.")
    public List<String> permits;

    @Required
    @SchemaFrom(type = BodySteps.class)
    @JsonPropertyDescription("The body: steps of their own DAG, written like spec.steps and checked by the operator.")
    public List<Map<String, Object>> steps;
}
