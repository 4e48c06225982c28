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
 * A loop whose iterations run one after another as child instances while a condition holds. A body
 * step's param or output named like a loop param feeds the next iteration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WhileStep {
    @Required
    @JsonPropertyDescription("CEL condition checked before each iteration, over the loop params (top-level names), `iteration` and the run's variables.")
    public String condition;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Loop params and their first values (literals or ${expressions}). After each iteration a body step's param or output of the same name replaces the value.")
    public Map<String, Object> params;

    @Min(1)
    @Max(1000000000)
    @JsonPropertyDescription("Most iterations; the step fails when the condition still holds after them. Default 10,000.")
    public Integer maxIterations;

    @Required
    @SchemaFrom(type = BodySteps.class)
    @JsonPropertyDescription("The body: steps of their own DAG, written like spec.steps and checked by the operator.")
    public List<Map<String, Object>> steps;
}
