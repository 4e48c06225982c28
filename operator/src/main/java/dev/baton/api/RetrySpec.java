package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Retry limits by class of failure, and the wait between attempts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {
    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Retries after user errors (the step's container exited non-zero). Default 2.")
    public Integer errors;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Retries after platform errors (eviction, preemption, node loss, pod deleted by someone else, creation refused). Default 10.")
    public Integer platform;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Retries after an attempt ran past its timeout. Default 0.")
    public Integer timeouts;

    @JsonPropertyDescription("The wait before the next attempt.")
    public BackoffSpec backoff;
}
