package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.Executor;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Settings of a leaf step that can also be given once in {@link WorkflowSpec#defaults}: the step's own
 * value wins, then the workflow's default, then the operator's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepSettings {
    @JsonPropertyDescription("How the step runs: Job (default) or Pod.")
    public Executor executor;

    @JsonPropertyDescription("Container image. bash and python steps fall back to the operator's default image for their kind.")
    public String image;

    @JsonPropertyDescription("Longest time one attempt may run, as a Go duration such as 90s or 2h.")
    @io.fabric8.generator.annotation.Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    public String timeout;

    @JsonPropertyDescription("How often a failed attempt is retried, by class of failure, and how long to wait in between.")
    public RetrySpec retry;

    @JsonPropertyDescription("Labels, annotations and a partial PodSpec merged into the step's pod.")
    public PodTemplateOverlay podTemplate;

    // --- Kueue (issue 21) ---
    @JsonPropertyDescription("For a step whose Job waits in a Kueue queue: true counts the time it waits for admission towards timeout; by default the timeout starts when Kueue admits the Job.")
    public Boolean timeoutIncludesAdmission;
    // --- end Kueue ---
}
