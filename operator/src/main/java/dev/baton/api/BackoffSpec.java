package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Wait before attempt n+1: Fixed waits base; Exponential waits base * factor^(n-1), at most max. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackoffSpec {
    @JsonPropertyDescription("Exponential (default) or Fixed.")
    public BackoffType type;

    @JsonPropertyDescription("First wait, as a Go duration. Default 60s.")
    @io.fabric8.generator.annotation.Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    public String base;

    @Min(1)
    @JsonPropertyDescription("Growth of each following wait, for Exponential. Default 2.")
    public Double factor;

    @JsonPropertyDescription("Longest wait, as a Go duration. Default 10m for user errors and 1h for platform errors and timeouts.")
    @io.fabric8.generator.annotation.Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    public String max;

    /** Kinds of backoff. */
    public enum BackoffType { Exponential, Fixed }
}
